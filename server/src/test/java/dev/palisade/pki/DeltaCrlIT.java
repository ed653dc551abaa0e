package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.pki.internal.CrlPublisher;
import dev.palisade.pki.internal.RevocationIndex;
import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.pki.x509.Serials;
import dev.palisade.shared.TenantId;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a delta CRL lists, decided against its base CRL rather than by revocation time. */
class DeltaCrlIT extends WithServer {

    @Autowired
    CertificateAuthorities authorities;

    @Autowired
    CrlPublisher publisher;

    @Autowired
    RevocationIndex revocations;

    @Autowired
    Clock clock;

    /**
     * A revocation is timed when its transaction starts and becomes visible when it commits; a CRL signed in between
     * lacks it although it is older than that CRL. The next delta, based on that CRL, must still list it.
     */
    @Test
    void aRevocationTimedBeforeTheBaseButMissingFromItIsInTheNextDelta() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("late");
        pki.certify(device, DeviceKeys.requestPem(device));
        CertificateAuthority ca = authorities.ensureIssuing(
                TenantId.of(UUID.fromString(pki.tenant().id())));
        publisher.publish(ca); // the base: signed now, without the revocation below
        BigInteger late = Serials.random();
        Instant timedBeforeTheBase =
                clock.instant().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);

        revocations.add(ca.id(), new RevokedEntry(late, timedBeforeTheBase, RevocationReason.KEY_COMPROMISE));
        publisher.publish(ca);

        var delta = new X509CRLHolder(publisher.delta(ca.id()).orElseThrow());
        var full = new X509CRLHolder(publisher.full(ca.id()).orElseThrow());
        assertThat(full.getRevokedCertificate(late)).isNotNull();
        assertThat(delta.getRevokedCertificate(late))
                .as("the delta lists what its base lacks")
                .isNotNull();
    }
}
