package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OcspResponseCacheTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] RESPONSE = {0x30, 0x03, 0x0a, 0x01, 0x00};
    private static final byte[] CERT_ID = {0x30, 0x00};

    private final MutableClock clock = new MutableClock(NOW);
    private final OcspResponseCache cache = new OcspResponseCache(clock, 100);

    @Test
    void holdsAResponseUntilItStopsBeingUsableAndKeysItByCertIdHash() {
        BigInteger serial = BigInteger.TEN;
        cache.put(serial, CertIdHash.SHA1, CERT_ID, RESPONSE, NOW.plusSeconds(60), cache.generation());

        assertThat(cache.get(serial, CertIdHash.SHA1, CERT_ID)).isEqualTo(RESPONSE);
        assertThat(cache.get(serial, CertIdHash.SHA256, CERT_ID)).isNull();
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.get(serial, CertIdHash.SHA1, CERT_ID)).isNull();
    }

    @Test
    void aRequestWhoseCertIdIsEncodedDifferentlyIsNotGivenTheCachedAnswer() {
        cache.put(BigInteger.ONE, CertIdHash.SHA1, CERT_ID, RESPONSE, NOW.plusSeconds(60), cache.generation());

        assertThat(cache.get(BigInteger.ONE, CertIdHash.SHA1, new byte[] {0x30, 0x02, 0x05, 0x00}))
                .isNull();
    }

    @Test
    void invalidatingASerialDropsItsResponsesForEveryHashAndNoOthers() {
        cache.put(BigInteger.ONE, CertIdHash.SHA1, CERT_ID, RESPONSE, NOW.plusSeconds(60), cache.generation());
        cache.put(BigInteger.ONE, CertIdHash.SHA256, CERT_ID, RESPONSE, NOW.plusSeconds(60), cache.generation());
        cache.put(BigInteger.TWO, CertIdHash.SHA1, CERT_ID, RESPONSE, NOW.plusSeconds(60), cache.generation());

        cache.invalidate(BigInteger.ONE);

        assertThat(cache.get(BigInteger.ONE, CertIdHash.SHA1, CERT_ID)).isNull();
        assertThat(cache.get(BigInteger.ONE, CertIdHash.SHA256, CERT_ID)).isNull();
        assertThat(cache.get(BigInteger.TWO, CertIdHash.SHA1, CERT_ID)).isEqualTo(RESPONSE);
    }

    @Test
    void aStoreMadeUnderAnOlderGenerationDoesNotStick() {
        long seen = cache.generation();
        cache.invalidateAll();

        cache.put(BigInteger.ONE, CertIdHash.SHA1, CERT_ID, RESPONSE, NOW.plusSeconds(60), seen);

        assertThat(cache.get(BigInteger.ONE, CertIdHash.SHA1, CERT_ID)).isNull();
    }

    @Test
    void handsOutCopiesSoCallersCannotCorruptIt() {
        cache.put(BigInteger.ONE, CertIdHash.SHA1, CERT_ID, RESPONSE.clone(), NOW.plusSeconds(60), cache.generation());

        byte[] first = java.util.Objects.requireNonNull(cache.get(BigInteger.ONE, CertIdHash.SHA1, CERT_ID));
        first[0] = 0;

        assertThat(cache.get(BigInteger.ONE, CertIdHash.SHA1, CERT_ID)).isEqualTo(RESPONSE);
    }
}
