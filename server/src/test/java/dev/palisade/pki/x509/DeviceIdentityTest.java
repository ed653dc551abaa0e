package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdentityTest {

    private static final TenantId TENANT = TenantId.of(UUID.fromString("0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c"));

    @Test
    void spiffeIdsNameTheTenantTrustDomainTheKindAndTheDevice() {
        var device = new DeviceIdentity(TENANT, DeviceId.of("meter-0042"), IdentityKind.DEVICE);
        var bootstrap = new DeviceIdentity(TENANT, DeviceId.of("meter-0042"), IdentityKind.BOOTSTRAP);

        assertThat(device.spiffeId())
                .isEqualTo("spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/meter-0042");
        assertThat(bootstrap.spiffeId())
                .isEqualTo("spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/bootstrap/meter-0042");
        assertThat(DeviceIdentity.parseSpiffeId(device.spiffeId())).contains(device);
        assertThat(DeviceIdentity.parseSpiffeId(bootstrap.spiffeId())).contains(bootstrap);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "spiffe://0B6F5C1E-8D1E-4A7B-9C52-3F1D2E4A5B6C.palisade/device/meter-0042",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.example/device/meter-0042",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade:443/device/meter-0042",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/meter-0042/extra",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/meter-0042?x=1",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/operator/meter-0042",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/$SYS",
                "spiffe://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/..",
                "https://0b6f5c1e-8d1e-4a7b-9c52-3f1d2e4a5b6c.palisade/device/meter-0042",
                ""
            })
    void parsingRefusesAnythingButTheExactForm(String spiffeId) {
        assertThat(DeviceIdentity.parseSpiffeId(spiffeId)).isEmpty();
    }

    @Test
    void readsTheIdentityOfIssuedDeviceAndBootstrapCertificates() {
        TestPki pki = TestPki.create(Instant.parse("2026-03-01T12:00:00Z"));
        var key = TestCsrs.ec("secp256r1").getPublic();

        var device = CertificateIssuer.issue(
                pki.spec(CertificateProfile.DEVICE, "meter-0042", key).build());
        var bootstrap = CertificateIssuer.issue(
                pki.spec(CertificateProfile.BOOTSTRAP, "meter-0042", key).build());
        var server = CertificateIssuer.issue(pki.spec(CertificateProfile.SERVER, "broker", key)
                .dnsNames("broker.example.test")
                .build());

        assertThat(DeviceIdentity.of(device))
                .contains(new DeviceIdentity(pki.tenant, DeviceId.of("meter-0042"), IdentityKind.DEVICE));
        assertThat(DeviceIdentity.of(bootstrap))
                .contains(new DeviceIdentity(pki.tenant, DeviceId.of("meter-0042"), IdentityKind.BOOTSTRAP));
        assertThat(DeviceIdentity.of(server)).isEmpty();
        assertThat(DeviceIdentity.of(pki.issuing)).isEmpty();
    }

    @Test
    void theIdentityIsStillReadAfterTheJdkValidatedThePathThroughTheNameConstrainedCa() throws Exception {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        TestPki pki = TestPki.create(now);
        var device = CertificateIssuer.issue(pki.spec(
                        CertificateProfile.DEVICE,
                        "meter-0042",
                        TestCsrs.ec("secp256r1").getPublic())
                .build());
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(pki.root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));

        // the JDK's name-constraint check records the CN as a DNS name in the certificate's cached names
        CertPathValidator.getInstance("PKIX")
                .validate(
                        CertificateFactory.getInstance("X.509").generateCertPath(List.of(device, pki.issuing)),
                        parameters);

        assertThat(DeviceIdentity.of(device))
                .contains(new DeviceIdentity(pki.tenant, DeviceId.of("meter-0042"), IdentityKind.DEVICE));
    }

    @Test
    void tenantSubjectsAreEncodedOrganisationUnitCommonNameAndParsedOnlyInThatForm() {
        X500Name subject = PalisadeNames.tenantSubject(TENANT, "meter-0042");

        assertThat(subject.getRDNs()).hasSize(3);
        assertThat(subject.toString()).isEqualTo("O=Palisade,OU=" + TENANT + ",CN=meter-0042");
        assertThat(PalisadeNames.parseTenantSubject(subject))
                .contains(new PalisadeNames.TenantName(TENANT, "meter-0042"));
        assertThat(PalisadeNames.parseTenantSubject(new X500Name("CN=meter-0042,OU=" + TENANT + ",O=Palisade")))
                .isEmpty();
        assertThat(PalisadeNames.parseTenantSubject(new X500Name("O=Palisade,OU=not-a-uuid,CN=x")))
                .isEmpty();
        assertThat(PalisadeNames.parseTenantSubject(new X500Name("O=Other,OU=" + TENANT + ",CN=x")))
                .isEmpty();
        assertThat(PalisadeNames.parseTenantSubject(new X500Name("O=Palisade+C=DE,OU=" + TENANT + ",CN=x")))
                .isEmpty();
        assertThat(PalisadeNames.parseTenantSubject(new X500Name(
                        "O=Palisade,OU=" + TENANT.toString().toUpperCase(java.util.Locale.ROOT) + ",CN=x")))
                .isEmpty();
    }
}
