package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.identity.DeviceId;
import dev.palisade.keys.FastCrypto;
import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.shared.TenantId;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.Test;

/**
 * Device certificates validated with their issuing CA as the anchor prove what a path through the CA to the root
 * proves: the CA chains to the root, the device is within the CA's names, and both certificates are valid now.
 */
class IssuingAnchorsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final TestPki pki = TestPki.create(NOW);
    private final KeyPair deviceKey = TestCsrs.ec("secp256r1");

    @Test
    void deviceCertificateOfATrustedCaIsValid() {
        X509Certificate device = pki.device("meter-0042", deviceKey.getPublic());

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), FastCrypto.ecProvider());

        assertThatCode(() -> anchors.check(device, at(NOW))).doesNotThrowAnyException();
    }

    @Test
    void certificateNamingAnotherTenantIsRefusedByTheCasNameConstraints() {
        TenantId other = TenantId.random();
        X509Certificate forged = signedByTheIssuingCa(
                PalisadeNames.tenantSubject(other, "meter-0042"),
                new DeviceIdentity(other, DeviceId.of("meter-0042"), IdentityKind.DEVICE).spiffeId());

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), FastCrypto.ecProvider());

        assertThatThrownBy(() -> anchors.check(forged, at(NOW)))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("name constraints");
    }

    @Test
    void uriOfAnotherTenantUnderTheRightSubjectIsRefused() {
        X509Certificate forged = signedByTheIssuingCa(
                PalisadeNames.tenantSubject(pki.tenant, "meter-0042"),
                "spiffe://" + PalisadeNames.trustDomain(TenantId.random()) + "/device/meter-0042");

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), FastCrypto.ecProvider());

        assertThatThrownBy(() -> anchors.check(forged, at(NOW))).isInstanceOf(CertificateException.class);
    }

    @Test
    void caThatTheRootDidNotSignIsLeftOut() {
        TestPki stranger = TestPki.create(NOW);
        X509Certificate device = stranger.device("meter-0042", deviceKey.getPublic());

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(stranger.issuing), FastCrypto.ecProvider());

        assertThat(anchors.isEmpty()).isTrue();
        assertThatThrownBy(() -> anchors.check(device, at(NOW))).isInstanceOf(CertificateException.class);
    }

    @Test
    void certificateUnderTheCasNameSignedByAnotherKeyIsRefused() {
        TestSigningKey impostor = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate forged = signedBy(
                impostor,
                PalisadeNames.tenantSubject(pki.tenant, "meter-0042"),
                new DeviceIdentity(pki.tenant, DeviceId.of("meter-0042"), IdentityKind.DEVICE).spiffeId());

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), FastCrypto.ecProvider());

        assertThatThrownBy(() -> anchors.check(forged, at(NOW))).isInstanceOf(CertificateException.class);
    }

    @Test
    void devicesOfBothCasOfARotationAreValidThoughTheCasShareTheirName() {
        TestSigningKey nextKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate next = CaCertificates.signIssuingCa(
                CaCertificates.issuingCaRequest(pki.tenant, "Issuing CA", nextKey),
                pki.root,
                pki.rootKey,
                Serials.random(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(1825)));
        X509Certificate ofTheFirst = pki.device("meter-0042", deviceKey.getPublic());
        X509Certificate ofTheNext = signedBy(
                nextKey,
                PalisadeNames.tenantSubject(pki.tenant, "meter-0043"),
                new DeviceIdentity(pki.tenant, DeviceId.of("meter-0043"), IdentityKind.DEVICE).spiffeId());

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing, next), FastCrypto.ecProvider());

        assertThat(next.getSubjectX500Principal()).isEqualTo(pki.issuing.getSubjectX500Principal());
        assertThatCode(() -> anchors.check(ofTheFirst, at(NOW))).doesNotThrowAnyException();
        assertThatCode(() -> anchors.check(ofTheNext, at(NOW))).doesNotThrowAnyException();
    }

    @Test
    void theIssuerOfACertificateIsKnownOnlyOnceItPassedAndOnlyForTheCaThatSignedIt() throws Exception {
        TestSigningKey nextKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        X509Certificate next = CaCertificates.signIssuingCa(
                CaCertificates.issuingCaRequest(pki.tenant, "Issuing CA", nextKey),
                pki.root,
                pki.rootKey,
                Serials.random(),
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(1825)));
        X509Certificate ofTheNext = signedBy(
                nextKey,
                PalisadeNames.tenantSubject(pki.tenant, "meter-0043"),
                new DeviceIdentity(pki.tenant, DeviceId.of("meter-0043"), IdentityKind.DEVICE).spiffeId());
        X509Certificate forged = signedBy(
                TestSigningKey.generate(KeyAlgorithm.ECDSA_P256),
                PalisadeNames.tenantSubject(pki.tenant, "meter-0044"),
                new DeviceIdentity(pki.tenant, DeviceId.of("meter-0044"), IdentityKind.DEVICE).spiffeId());
        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing, next), FastCrypto.ecProvider());

        assertThat(anchors.verifiedIssuer(ofTheNext)).as("not checked yet").isEmpty();
        anchors.check(ofTheNext, at(NOW));
        assertThatThrownBy(() -> anchors.check(forged, at(NOW))).isInstanceOf(CertificateException.class);

        assertThat(anchors.verifiedIssuer(ofTheNext))
                .as("the CA of the rotation whose key signed it, not its namesake")
                .hasValue(next);
        assertThat(anchors.verifiedIssuer(forged))
                .as("refused, so never remembered")
                .isEmpty();
    }

    @Test
    void expiredDeviceCertificateAndExpiredCaAreRefused() {
        X509Certificate device = pki.device("meter-0042", deviceKey.getPublic());
        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), FastCrypto.ecProvider());

        Instant afterTheDevice = NOW.plus(Duration.ofDays(31));
        Instant afterTheCa = pki.issuing.getNotAfter().toInstant().plusSeconds(1);

        assertThatThrownBy(() -> anchors.check(device, at(afterTheDevice))).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> anchors.check(device, at(afterTheCa)))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void aCertificateThatPassedBeforeHasItsDatesCheckedAgain() throws Exception {
        X509Certificate device = pki.device("meter-0042", deviceKey.getPublic());
        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), FastCrypto.ecProvider());
        anchors.check(device, at(NOW));

        Instant afterTheDevice = NOW.plus(Duration.ofDays(31));

        assertThatThrownBy(() -> anchors.check(device, at(afterTheDevice))).isInstanceOf(CertificateException.class);
        assertThatCode(() -> anchors.check(device, at(NOW))).doesNotThrowAnyException();
    }

    @Test
    void theJdksProviderGivesTheSameAnswers() {
        X509Certificate device = pki.device("meter-0042", deviceKey.getPublic());
        X509Certificate forged = signedByTheIssuingCa(
                PalisadeNames.tenantSubject(TenantId.random(), "meter-0042"), "spiffe://x.palisade/device/meter-0042");

        IssuingAnchors anchors = IssuingAnchors.of(pki.root, List.of(pki.issuing), null);

        assertThatCode(() -> anchors.check(device, at(NOW))).doesNotThrowAnyException();
        assertThatThrownBy(() -> anchors.check(forged, at(NOW))).isInstanceOf(CertificateException.class);
    }

    private static Date at(Instant instant) {
        return Date.from(instant);
    }

    /** What a misused issuing CA key could sign, outside the profiles' checks. */
    private X509Certificate signedByTheIssuingCa(X500Name subject, String uri) {
        return signedBy(pki.issuingKey, subject, uri);
    }

    /** A device-like certificate naming the issuing CA as its issuer, signed by {@code key}. */
    private X509Certificate signedBy(TestSigningKey key, X500Name subject, String uri) {
        var builder = new X509v3CertificateBuilder(
                Certificates.subjectOf(pki.issuing),
                Serials.random(),
                Certificates.time(NOW.minus(Duration.ofHours(1))),
                Certificates.time(NOW.plus(Duration.ofDays(1))),
                subject,
                SubjectPublicKeyInfo.getInstance(deviceKey.getPublic().getEncoded()));
        Certificates.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        Certificates.addExtension(
                builder,
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        return Certificates.toVerifiedCertificate(builder.build(new SigningKeyContentSigner(key)), key.publicKey());
    }
}
