package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, the responder answers with a complete OCSPResponse and never throws. The issuing CA's name and
 * key are the same on every run (a seeded key), so the seeds in {@code OcspResponderFuzzTestInputs/respondNeverThrows}
 * reach the signing path rather than stopping at "unauthorized".
 */
class OcspResponderFuzzTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final TenantId TENANT = TenantId.of(UUID.fromString("6a1f3f0e-6f36-4c1e-9d5e-2b8f0c7d4a11"));
    static final X509Certificate ISSUING;
    private static final OcspResponder RESPONDER;

    static {
        TestSigningKey rootKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate root = CaCertificates.selfSignedRoot(
                "Fuzz Root", rootKey, BigInteger.ONE, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
        TestSigningKey issuingKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256, seeded("palisade-ocsp-fuzz"));
        ISSUING = CaCertificates.signIssuingCa(
                CaCertificates.issuingCaRequest(TENANT, "Issuing CA", issuingKey),
                root,
                rootKey,
                BigInteger.TWO,
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(365)));
        TestSigningKey signerKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate signer = CertificateIssuer.issue(new IssueSpec(
                CertificateProfile.OCSP_SIGNER,
                TENANT,
                "ocsp-signer",
                java.util.List.of(),
                java.util.List.of(),
                signerKey.publicKey(),
                Serials.random(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)),
                ISSUING,
                issuingKey,
                null,
                null));
        RESPONDER = new OcspResponder(
                ISSUING, signer, signerKey, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), 16);
    }

    @FuzzTest(maxDuration = "60s")
    void respondNeverThrows(byte[] input) throws Exception {
        byte[] response = RESPONDER.respond(input, OcspResponderFuzzTest::status);

        assertThat(new OCSPResp(response).getStatus()).isIn(0, 1, 2, 6);
    }

    @Test
    void theSeedsStillNameTheIssuerSoTheyReachTheSigningPath() throws Exception {
        for (String seed : new String[] {"good-sha1", "revoked-sha256-nonce", "two-cert-ids"}) {
            byte[] request;
            try (var in = getClass().getResourceAsStream("OcspResponderFuzzTestInputs/respondNeverThrows/" + seed)) {
                assertThat(in).as(seed).isNotNull();
                request = in.readAllBytes();
            }

            assertThat(new OCSPResp(RESPONDER.respond(request, OcspResponderFuzzTest::status)).getStatus())
                    .as(seed)
                    .isEqualTo(OCSPResp.SUCCESSFUL);
        }
    }

    /** Every kind of answer, chosen by the serial, so that fuzzed serials reach each branch. */
    private static CertificateStatus status(BigInteger serial) {
        return switch (serial.mod(BigInteger.valueOf(3)).intValue()) {
            case 0 -> new CertificateStatus.Good();
            case 1 -> new CertificateStatus.Revoked(NOW.minusSeconds(60), RevocationReason.KEY_COMPROMISE);
            default -> new CertificateStatus.Unknown();
        };
    }

    static SecureRandom seeded(String seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed.getBytes(StandardCharsets.UTF_8));
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
