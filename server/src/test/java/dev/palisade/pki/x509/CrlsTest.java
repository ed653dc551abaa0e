package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CrlsTest {

    private static final Logger log = LoggerFactory.getLogger(CrlsTest.class);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static TestPki pki;

    @BeforeAll
    static void createHierarchy() {
        pki = TestPki.create(NOW);
    }

    @Test
    void aFullCrlListsItsEntriesWithReasonsNumberAndAuthorityKeyIdentifier() throws Exception {
        var compromised = new RevokedEntry(Serials.random(), NOW.minusSeconds(60), RevocationReason.KEY_COMPROMISE);
        var unspecified = new RevokedEntry(Serials.random(), NOW.minusSeconds(30), RevocationReason.UNSPECIFIED);

        SignedCrl crl = Crls.full(
                pki.issuing,
                pki.issuingKey,
                BigInteger.valueOf(42),
                NOW,
                NOW.plus(Duration.ofHours(6)),
                List.of(compromised, unspecified));

        X509CRL parsed = parse(crl);
        parsed.verify(pki.issuing.getPublicKey());
        assertThat(parsed.getIssuerX500Principal()).isEqualTo(pki.issuing.getSubjectX500Principal());
        assertThat(parsed.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(parsed.getNextUpdate().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(6)));
        assertThat(crlNumber(parsed, Extension.cRLNumber.getId())).isEqualTo(42);
        assertThat(parsed.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                .isNotNull();
        assertThat(parsed.getExtensionValue(Extension.deltaCRLIndicator.getId()))
                .isNull();
        X509CRLEntry first = parsed.getRevokedCertificate(compromised.serial());
        assertThat(first.getRevocationDate().toInstant()).isEqualTo(compromised.revokedAt());
        assertThat(first.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        // RFC 5280 5.3.1: no reason code rather than "unspecified"
        X509CRLEntry second = parsed.getRevokedCertificate(unspecified.serial());
        assertThat(second.getExtensionValue(Extension.reasonCode.getId())).isNull();
        assertThat(crl.number()).isEqualTo(42);
        assertThat(crl.entries()).isEqualTo(2);
        assertThat(crl.isDelta()).isFalse();
    }

    @Test
    void aDeltaCrlCarriesACriticalIndicatorNamingItsBase() throws Exception {
        SignedCrl delta = Crls.delta(
                pki.issuing,
                pki.issuingKey,
                BigInteger.valueOf(43),
                BigInteger.valueOf(42),
                NOW,
                NOW.plus(Duration.ofHours(1)),
                List.of(new RevokedEntry(Serials.random(), NOW, RevocationReason.REMOVE_FROM_CRL)));

        X509CRL parsed = parse(delta);

        assertThat(parsed.getCriticalExtensionOIDs()).contains(Extension.deltaCRLIndicator.getId());
        assertThat(crlNumber(parsed, Extension.deltaCRLIndicator.getId())).isEqualTo(42);
        assertThat(crlNumber(parsed, Extension.cRLNumber.getId())).isEqualTo(43);
        assertThat(delta.isDelta()).isTrue();
        assertThat(delta.baseNumber()).isEqualTo(42);
    }

    @Test
    void refusesInconsistentRequests() {
        BigInteger one = BigInteger.ONE;
        Instant later = NOW.plusSeconds(60);

        assertThatThrownBy(() -> Crls.delta(pki.issuing, pki.issuingKey, one, one, NOW, later, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("above its base");
        assertThatThrownBy(() -> Crls.full(pki.issuing, pki.issuingKey, one, later, NOW, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Crls.full(
                        pki.issuing,
                        pki.issuingKey,
                        one,
                        NOW,
                        later,
                        List.of(new RevokedEntry(Serials.random(), NOW, RevocationReason.REMOVE_FROM_CRL))))
                .hasMessageContaining("delta CRLs only");
        assertThatThrownBy(() -> Crls.full(pki.issuing, pki.signerKey, one, NOW, later, List.of()))
                .hasMessageContaining("is not the key of the issuer certificate");
        assertThatThrownBy(() -> Crls.full(pki.signer, pki.signerKey, one, NOW, later, List.of()))
                .hasMessageContaining("not a CA");
    }

    @Test
    void aFullCrlOfOneHundredThousandEntriesBuildsAndSignsInOnePass(TestReporter reporter) throws Exception {
        List<RevokedEntry> entries = new ArrayList<>(100_000);
        RevocationReason[] reasons = RevocationReason.values();
        for (int i = 0; i < 100_000; i++) {
            RevocationReason reason = reasons[i % reasons.length];
            entries.add(new RevokedEntry(
                    Serials.random(),
                    NOW.minusSeconds(i),
                    reason == RevocationReason.REMOVE_FROM_CRL ? RevocationReason.SUPERSEDED : reason));
        }
        // the first build includes class loading and interpretation; the second shows the steady state
        long started = System.nanoTime();
        Crls.full(pki.issuing, pki.issuingKey, BigInteger.ONE, NOW, NOW.plusSeconds(3600), entries);
        Duration first = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        SignedCrl crl = Crls.full(pki.issuing, pki.issuingKey, BigInteger.TWO, NOW, NOW.plusSeconds(3600), entries);
        Duration second = Duration.ofNanos(System.nanoTime() - started);

        String figures = "first " + first.toMillis() + " ms, then " + second.toMillis() + " ms; " + crl.der().length
                + " bytes (build, sign, verify, encode)";
        reporter.publishEntry("100k-entry CRL", figures);
        log.info("100k-entry CRL: {}", figures);
        X509CRLHolder holder = new X509CRLHolder(crl.der());
        assertThat((java.util.Collection<?>) holder.getRevokedCertificates()).hasSize(100_000);
        assertThat(crl.entries()).isEqualTo(100_000);
    }

    private static X509CRL parse(SignedCrl crl) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.der()));
    }

    private static BigInteger crlNumber(X509CRL crl, String oid) {
        byte[] value = crl.getExtensionValue(oid);
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets())
                .getValue();
    }
}
