package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.shared.TenantId;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CaCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static TestPki pki;

    @BeforeAll
    static void createHierarchy() {
        pki = TestPki.create(NOW);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aRootSignedThroughCustodyVerifiesForEveryKeyAlgorithm(KeyAlgorithm algorithm) throws Exception {
        TestSigningKey key = TestSigningKey.generate(algorithm);

        X509Certificate root = CaCertificates.selfSignedRoot(
                "Root " + algorithm, key, Serials.random(), NOW, NOW.plus(Duration.ofDays(365)));

        root.verify(key.publicKey());
        assertThat(root.getSigAlgName()).isEqualToIgnoringCase(algorithm.signatureAlgorithm());
        assertThat(root.getBasicConstraints()).isEqualTo(1);
        assertThat(root.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(root.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Root " + algorithm + ",O=Palisade");
    }

    @Test
    void theIssuingCaIsAPathLengthZeroCaConstrainedToItsTenant() throws Exception {
        X509Certificate issuing = pki.issuing;

        issuing.verify(pki.root.getPublicKey());
        assertThat(issuing.getBasicConstraints()).isZero();
        assertThat(issuing.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(issuing.getCriticalExtensionOIDs())
                .containsExactlyInAnyOrder(
                        Extension.basicConstraints.getId(),
                        Extension.keyUsage.getId(),
                        Extension.nameConstraints.getId());
        NameConstraints constraints = NameConstraints.getInstance(
                ASN1OctetString.getInstance(issuing.getExtensionValue(Extension.nameConstraints.getId()))
                        .getOctets());
        assertThat(constraints.getExcludedSubtrees()).isNull();
        assertThat(constraints.getPermittedSubtrees()).hasSize(2);
        assertThat(constraints.getPermittedSubtrees()[0].getBase())
                .isEqualTo(new GeneralName(PalisadeNames.tenantSubtree(pki.tenant)));
        assertThat(constraints.getPermittedSubtrees()[1].getBase())
                .isEqualTo(new GeneralName(GeneralName.uniformResourceIdentifier, pki.tenant + ".palisade"));
        assertThat(issuing.getSubjectX500Principal().getName())
                .isEqualTo("CN=Issuing CA,OU=" + pki.tenant + ",O=Palisade");
    }

    @Test
    void refusesRequestsWhoseSubjectIsNotATenantName() {
        TestSigningKey key = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        byte[] request = TestCsrs.request(
                "CN=Issuing CA,OU=" + TenantId.random() + ",O=Palisade", key.keyPair(), "SHA256withECDSA");

        assertThatThrownBy(() -> sign(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("O=Palisade, OU=<tenant uuid>, CN=<name>");
    }

    @Test
    void refusesRequestsWhoseSignatureDoesNotVerify() {
        byte[] request = CaCertificates.issuingCaRequest(
                pki.tenant, "Issuing CA", TestSigningKey.generate(KeyAlgorithm.ED25519));
        request[request.length - 1] ^= 0x01;

        assertThatThrownBy(() -> sign(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature does not verify");
        assertThatThrownBy(() -> sign(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DER-encoded PKCS#10 request");
    }

    @Test
    void refusesAnIssuingCaThatWouldOutliveTheRoot() {
        byte[] request = CaCertificates.issuingCaRequest(
                pki.tenant, "Issuing CA", TestSigningKey.generate(KeyAlgorithm.RSA_3072));

        assertThatThrownBy(() -> CaCertificates.signIssuingCa(
                        request, pki.root, pki.rootKey, Serials.random(), NOW, NOW.plus(Duration.ofDays(4000))))
                .hasMessageContaining("outlive the root");
    }

    private static X509Certificate sign(byte[] request) {
        return CaCertificates.signIssuingCa(
                request, pki.root, pki.rootKey, Serials.random(), NOW, NOW.plus(Duration.ofDays(30)));
    }
}
