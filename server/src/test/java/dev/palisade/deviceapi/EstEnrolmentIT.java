package dev.palisade.deviceapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.est.CSRAttributesResponse;
import org.bouncycastle.est.CSRRequestResponse;
import org.bouncycastle.est.ESTService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A device enrols and re-enrols over EST (RFC 7030) with BouncyCastle's EST client, the way a third-party device
 * stack would: CA certificates for its tenant's label, a first device certificate for its bootstrap certificate, a
 * fresh one for its current device certificate.
 */
class EstEnrolmentIT extends WithServer {

    private X509Certificate root;

    @BeforeEach
    void deviceEndpointIsUp() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
    }

    @Test
    void caCertificatesForATenantLabelAreItsIssuingCaAndTheRoot() throws Exception {
        TestTenant tenant = newTenant();
        ESTService est = EstClients.est(devicePort(), tenant.slug(), root, null);

        List<X509Certificate> served = EstClients.certificates(est.getCACerts().getCertificateStore());

        assertThat(served).containsExactlyInAnyOrder(new TenantPki(api, tenant).activeCaCertificate(), root);
    }

    @Test
    void csrAttributesAskForAnEcP256KeyAndAnEcdsaSha256Signature() throws Exception {
        TestTenant tenant = newTenant();

        CSRRequestResponse response =
                EstClients.est(devicePort(), tenant.slug(), root, null).getCSRAttributes();

        assertThat(response.hasAttributesResponse()).isTrue();
        CSRAttributesResponse attributes = response.getAttributesResponse();
        assertThat(attributes.getRequirements())
                .containsExactlyInAnyOrder(X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.id_ecPublicKey);
        assertThat(attributes.isAttribute(X9ObjectIdentifiers.id_ecPublicKey)).isTrue();
        Attribute keyType = Arrays.stream(
                        CsrAttrs.getInstance(attributes.getEncoded()).getAttrOrOIDs())
                .filter(attribute -> !attribute.isOid())
                .map(AttrOrOID::getAttribute)
                .findFirst()
                .orElseThrow();
        assertThat(keyType.getAttributeValues()).containsExactly(SECObjectIdentifiers.secp256r1);
    }

    @Test
    void bootstrappedDeviceEnrolsReEnrolsAndBecomesActive() throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("meter-0042");
        Credential bootstrap = pki.issue("meter-0042", "bootstrap");
        KeyPair firstKey = DeviceKeys.p256();
        KeyPair secondKey = DeviceKeys.p256();
        X509Certificate ca = pki.activeCaCertificate();
        String stateBefore = pki.state("meter-0042");

        X509Certificate first = EstClients.certificates(EstClients.est(devicePort(), tenant.slug(), root, bootstrap)
                        .simpleEnroll(false, DeviceKeys.request("meter-0042", firstKey), null)
                        .getStore())
                .getFirst();
        var current = new Credential(firstKey.getPrivate(), List.of(first, ca));
        // no label this time: a device certificate names its tenant
        X509Certificate second = EstClients.certificates(EstClients.est(devicePort(), null, root, current)
                        .simpleEnroll(true, DeviceKeys.request("meter-0042", secondKey), null)
                        .getStore())
                .getFirst();

        String spiffeId = "spiffe://" + tenant.id() + ".palisade/device/meter-0042";
        assertThat(stateBefore).isEqualTo("provisioned");
        assertThat(pki.state("meter-0042")).isEqualTo("active");
        for (var issued : List.of(first, second)) {
            issued.verify(ca.getPublicKey());
            assertThat(issued.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
            assertThat(subjectAlternativeNames(issued)).containsExactly("uri:" + spiffeId);
        }
        assertThat(first.getPublicKey()).isEqualTo(firstKey.getPublic());
        assertThat(second.getPublicKey()).isEqualTo(secondKey.getPublic());
        assertThat(pki.serials("meter-0042"))
                .containsExactly(
                        second.getSerialNumber().toString(16),
                        first.getSerialNumber().toString(16),
                        bootstrap.certificate().getSerialNumber().toString(16));
        List<JsonNode> issuedByTheDevice = pki.auditRecords("certificate.issued").stream()
                .filter(record -> record.path("actor").path("kind").asString().equals("device"))
                .toList();
        assertThat(issuedByTheDevice).hasSize(2).allSatisfy(record -> {
            assertThat(record.path("actor").path("id").asString()).isEqualTo("meter-0042");
            assertThat(record.path("details").path("device").asString()).isEqualTo("meter-0042");
            assertThat(record.path("details").path("profile").asString()).isEqualTo("device");
        });
        assertThat(issuedByTheDevice.get(0).path("target").asString())
                .endsWith("/" + first.getSerialNumber().toString(16));
        assertThat(issuedByTheDevice.get(1).path("target").asString())
                .endsWith("/" + second.getSerialNumber().toString(16));
    }

    /**
     * The names as the certificate encodes them. The JDK's accessor is not used: the server in this JVM validated some
     * of these certificates, and the JDK's name-constraint check adds the CN to the (cached, shared) certificate
     * object's alternative names.
     */
    private static List<String> subjectAlternativeNames(X509Certificate certificate) throws Exception {
        GeneralNames names = GeneralNames.fromExtensions(
                new X509CertificateHolder(certificate.getEncoded()).getExtensions(), Extension.subjectAlternativeName);
        return Arrays.stream(names.getNames())
                .map(name ->
                        (name.getTagNo() == GeneralName.uniformResourceIdentifier ? "uri:" : "other:") + name.getName())
                .toList();
    }
}
