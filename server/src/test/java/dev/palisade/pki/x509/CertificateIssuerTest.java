package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.keys.SigningKey;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static TestPki pki;
    private static PublicKey ecKey;

    @BeforeAll
    static void createHierarchy() {
        pki = TestPki.create(NOW);
        ecKey = TestCsrs.ec("secp256r1").getPublic();
    }

    @Test
    void aDeviceCertificateCarriesTheDeviceProfile() throws Exception {
        X509Certificate device = pki.device("meter-0042", ecKey);

        device.verify(pki.issuing.getPublicKey());
        assertThat(device.getSubjectX500Principal().getName())
                .isEqualTo("CN=meter-0042,OU=" + pki.tenant + ",O=Palisade");
        assertThat(device.getIssuerX500Principal()).isEqualTo(pki.issuing.getSubjectX500Principal());
        assertThat(device.getBasicConstraints()).isEqualTo(-1);
        assertThat(device.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(device.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
        assertThat(device.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_clientAuth.getId());
        assertThat(device.getSubjectAlternativeNames())
                .containsExactly(List.of(6, "spiffe://" + pki.tenant + ".palisade/device/meter-0042"));
        assertThat(device.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                .isNotNull();
        assertThat(device.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                .isNotNull();
        assertThat(device.getExtensionValue(Extension.cRLDistributionPoints.getId()))
                .isNotNull();
        assertThat(device.getExtensionValue(Extension.authorityInfoAccess.getId()))
                .isNotNull();
        assertThat(device.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofHours(1)));
        assertThat(CertificateProfile.of(device)).contains(CertificateProfile.DEVICE);
        assertThat(CertificateProfile.hasEnrolmentOnlyPolicy(device)).isFalse();
    }

    @Test
    void aDeviceCertificateIsAssembledAroundTheBytesSignedInStrictDer() throws Exception {
        X509Certificate device = pki.device("meter-0043", ecKey);
        byte[] der = device.getEncoded();
        var reencoded = new X509CertificateHolder(der);

        assertThat(reencoded.getEncoded()).isEqualTo(der);
        assertThat(Der.parseStrict(der)).isPresent();
        var jdk = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        jdk.verify(pki.issuing.getPublicKey());
        assertThat(jdk.getSerialNumber()).isEqualTo(device.getSerialNumber());
    }

    @Test
    void aDeviceCertificateAnswersAsTheFullReadOfItsEncodingDoes() throws Exception {
        // milliseconds in the validity: the encoding keeps whole seconds, and so must the answers
        X509Certificate device = CertificateIssuer.issue(pki.spec(CertificateProfile.DEVICE, "meter-0046", ecKey)
                .validity(NOW.minusMillis(1_500), NOW.plus(Duration.ofDays(1)).plusMillis(999))
                .build());
        var read = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(device.getEncoded()));

        assertThat(device.getSerialNumber()).isEqualTo(read.getSerialNumber());
        assertThat(device.getNotBefore()).isEqualTo(read.getNotBefore()).isEqualTo(Date.from(NOW.minusSeconds(2)));
        assertThat(device.getNotAfter()).isEqualTo(read.getNotAfter());
        assertThat(device.getTBSCertificate()).isEqualTo(read.getTBSCertificate());
        assertThat(device.getSignature()).isEqualTo(read.getSignature());
        assertThat(device.getVersion()).isEqualTo(read.getVersion());
        assertThat(device.getSubjectX500Principal()).isEqualTo(read.getSubjectX500Principal());
        assertThat(device.getPublicKey().getEncoded())
                .isEqualTo(read.getPublicKey().getEncoded());
        assertThat(device).isEqualTo(read);
        device.verify(pki.issuing.getPublicKey());
        device.checkValidity(read.getNotBefore());
        device.checkValidity(read.getNotAfter());
        assertThatThrownBy(() -> device.checkValidity(Date.from(NOW.minusSeconds(3))))
                .isInstanceOf(CertificateNotYetValidException.class);
        assertThatThrownBy(() -> device.checkValidity(
                        Date.from(read.getNotAfter().toInstant().plusSeconds(1))))
                .isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void anIssuerRememberedOnceIsStillCheckedEveryTime() {
        TestPki other = TestPki.create(NOW);
        pki.device("meter-0044", ecKey); // the issuer's facts and its own key are remembered now
        X509Certificate endEntity = pki.device("meter-0045", ecKey);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> specSignedBy(pki.issuing, other.issuingKey))
                    .hasMessageContaining("is not the key of the issuer certificate");
            assertThatThrownBy(() -> specSignedBy(endEntity, pki.issuingKey))
                    .hasMessageContaining("not a CA certificate");
        }
        assertThat(CertificateIssuer.issue(specSignedBy(pki.issuing, pki.issuingKey)))
                .isNotNull();
    }

    private static IssueSpec specSignedBy(X509Certificate issuer, SigningKey key) {
        return new IssueSpec(
                CertificateProfile.DEVICE,
                pki.tenant,
                "meter-1",
                List.of(),
                List.of(),
                ecKey,
                Serials.random(),
                NOW,
                NOW.plusSeconds(60),
                issuer,
                key,
                null,
                null);
    }

    @Test
    void aBootstrapCertificateMayOnlyEnrol() {
        X509Certificate bootstrap = CertificateIssuer.issue(
                pki.spec(CertificateProfile.BOOTSTRAP, "meter-0042", ecKey).build());

        assertThat(CertificateProfile.hasEnrolmentOnlyPolicy(bootstrap)).isTrue();
        assertThat(CertificateProfile.of(bootstrap)).contains(CertificateProfile.BOOTSTRAP);
        assertThat(PalisadeOids.ENROLMENT_ONLY_POLICY.getId())
                .isEqualTo("2.25.127539673790022679620523458422791648090.1.1");
    }

    @Test
    void aServerCertificateNamesItsHostsAndAllowsKeyEnciphermentOnlyForRsa() throws Exception {
        X509Certificate rsa =
                CertificateIssuer.issue(pki.spec(CertificateProfile.SERVER, "broker", RsaKeys.RSA_3072.getPublic())
                        .dnsNames("broker.example.test", "mqtt.example.test")
                        .ipAddresses(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("2001:db8::7"))
                        .build());
        X509Certificate ec = CertificateIssuer.issue(pki.spec(CertificateProfile.SERVER, "broker", ecKey)
                .dnsNames("broker.example.test")
                .build());

        assertThat(rsa.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
        assertThat(rsa.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "broker.example.test"),
                        List.of(2, "mqtt.example.test"),
                        List.of(7, "192.0.2.7"),
                        List.of(7, "2001:db8:0:0:0:0:0:7"));
        assertThat(rsa.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(ec.getKeyUsage()[2]).as("keyEncipherment").isFalse();
        assertThat(CertificateProfile.of(ec)).contains(CertificateProfile.SERVER);
    }

    @Test
    void anOcspSignerCertificateIsExemptFromStatusChecks() throws Exception {
        assertThat(pki.signer.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
        assertThat(pki.signer.getExtensionValue(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId()))
                .isNotNull();
        assertThat(pki.signer.getSubjectAlternativeNames()).isNull();
        assertThat(CertificateProfile.of(pki.signer)).contains(CertificateProfile.OCSP_SIGNER);
        assertThat(CertificateProfile.of(pki.issuing)).isEmpty();
    }

    @Test
    void specsThatDoNotFitTheirProfileAreRefused() {
        assertThatThrownBy(
                        () -> pki.spec(CertificateProfile.DEVICE, "a+b", ecKey).build())
                .hasMessageContaining("device id");
        assertThatThrownBy(() -> pki.spec(CertificateProfile.DEVICE, "meter-1", ecKey)
                        .dnsNames("x.example.test")
                        .build())
                .hasMessageContaining("only SERVER");
        assertThatThrownBy(() ->
                        pki.spec(CertificateProfile.SERVER, "broker", ecKey).build())
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> pki.spec(CertificateProfile.SERVER, "broker", ecKey)
                        .dnsNames("*.example.test")
                        .build())
                .hasMessageContaining("DNS name");
        assertThatThrownBy(() -> pki.spec(CertificateProfile.DEVICE, "meter-1", RsaKeys.RSA_2048.getPublic())
                        .build())
                .hasMessageContaining("RSA 3072/4096");
    }

    @Test
    void specsThatTheIssuerCannotSignAreRefused() {
        TestPki other = TestPki.create(NOW);

        assertThatThrownBy(() -> pki.spec(CertificateProfile.DEVICE, "meter-1", ecKey)
                        .validity(NOW, NOW.plus(Duration.ofDays(4000)))
                        .build())
                .hasMessageContaining("outlive its issuer");
        assertThatThrownBy(() -> pki.spec(CertificateProfile.DEVICE, "meter-1", ecKey)
                        .validity(NOW, NOW)
                        .build())
                .hasMessageContaining("before notAfter");
        assertThatThrownBy(() -> specSignedBy(other.issuing, other.issuingKey))
                .hasMessageContaining("not the issuing CA of tenant");
        assertThatThrownBy(() -> specSignedBy(pki.issuing, other.issuingKey))
                .hasMessageContaining("is not the key of the issuer certificate");
        assertThatThrownBy(() -> pki.spec(CertificateProfile.DEVICE, "meter-1", ecKey)
                        .crl(java.net.URI.create("ldap://crl.example.test/"))
                        .build())
                .hasMessageContaining("http(s)");
    }
}
