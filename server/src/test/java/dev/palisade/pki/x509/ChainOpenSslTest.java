package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.shared.TenantId;
import dev.palisade.support.OpenSsl;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hierarchy as openssl, an independent verifier, sees it: chains, name constraints, extensions, CRLs. */
class ChainOpenSslTest {

    private static TestPki pki;
    private static KeyPair deviceKey;

    @TempDir
    Path dir;

    private OpenSsl openssl;

    @BeforeAll
    static void createHierarchy() {
        // openssl checks validity against the real time, so the hierarchy is made at the real time
        pki = TestPki.create(Clock.systemUTC().instant());
        deviceKey = TestCsrs.ec("secp256r1");
    }

    @BeforeEach
    void writeCaCertificates() throws Exception {
        openssl = new OpenSsl(dir);
        openssl.write("root.pem", pem(pki.root));
        openssl.write("issuing.pem", pem(pki.issuing));
    }

    @Test
    void opensslVerifiesADeviceCertificateThroughTheIssuingCaToTheRoot() throws Exception {
        openssl.write("device.pem", pem(pki.device("meter-0042", deviceKey.getPublic())));

        String output = openssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "device.pem");

        assertThat(output).contains("device.pem: OK");
    }

    @Test
    void opensslVerifiesEveryProfileWithItsPurpose() throws Exception {
        X509Certificate bootstrap =
                CertificateIssuer.issue(pki.spec(CertificateProfile.BOOTSTRAP, "meter-0042", deviceKey.getPublic())
                        .build());
        X509Certificate server =
                CertificateIssuer.issue(pki.spec(CertificateProfile.SERVER, "broker", deviceKey.getPublic())
                        .dnsNames("broker.example.test")
                        .build());
        openssl.write("bootstrap.pem", pem(bootstrap));
        openssl.write("server.pem", pem(server));
        openssl.write("signer.pem", pem(pki.signer));

        String common = "-CAfile root.pem -untrusted issuing.pem";
        assertThat(verify(common + " -purpose sslclient bootstrap.pem").output())
                .contains("bootstrap.pem: OK");
        assertThat(verify(common + " -purpose sslserver -verify_hostname broker.example.test server.pem")
                        .output())
                .contains("server.pem: OK");
        assertThat(verify(common + " -purpose ocsphelper signer.pem").output()).contains("signer.pem: OK");
        assertThat(verify(common + " -purpose sslserver bootstrap.pem").output())
                .contains("unsuitable certificate purpose");
    }

    @Test
    void theNameConstraintRejectsACertificateForAnotherTenantSignedByTheIssuingCa() throws Exception {
        TenantId other = TenantId.random();
        // what a misused issuing CA key could sign: the other tenant's subject and SPIFFE ID
        X509Certificate forged = buildDirectly(
                PalisadeNames.tenantSubject(other, "meter-0042"),
                new DeviceIdentity(other, dev.palisade.identity.DeviceId.of("meter-0042"), IdentityKind.DEVICE)
                        .spiffeId());
        openssl.write("forged.pem", pem(forged));

        OpenSsl.Result result = openssl.run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "forged.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("permitted subtree violation");
    }

    @Test
    void theUriNameConstraintRejectsAnotherTenantsSpiffeIdEvenUnderTheRightSubject() throws Exception {
        TenantId other = TenantId.random();
        X509Certificate forged = buildDirectly(
                PalisadeNames.tenantSubject(pki.tenant, "meter-0042"),
                "spiffe://" + PalisadeNames.trustDomain(other) + "/device/meter-0042");
        openssl.write("forged.pem", pem(forged));

        OpenSsl.Result result = openssl.run("verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "forged.pem");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("permitted subtree violation");
    }

    @Test
    void opensslShowsTheDeviceProfilesExtensions() throws Exception {
        X509Certificate device = pki.device("meter-0042", deviceKey.getPublic());
        openssl.write("device.pem", pem(device));

        String text = openssl.ok("x509", "-in", "device.pem", "-noout", "-text");

        assertThat(text)
                .contains("Subject: O = Palisade, OU = " + pki.tenant + ", CN = meter-0042")
                .containsPattern("X509v3 Basic Constraints: critical\\s+CA:FALSE")
                .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature\\s")
                .containsPattern("X509v3 Extended Key Usage:\\s+TLS Web Client Authentication\\s")
                .contains("URI:spiffe://" + pki.tenant + ".palisade/device/meter-0042")
                .contains("X509v3 Authority Key Identifier")
                .contains("X509v3 Subject Key Identifier")
                .containsPattern("X509v3 CRL Distribution Points:\\s+Full Name:\\s+URI:" + TestPki.CRL_URI)
                .contains("OCSP - URI:" + TestPki.OCSP_URI);
    }

    @Test
    void opensslShowsTheCaAndSignerExtensions() throws Exception {
        X509Certificate bootstrap =
                CertificateIssuer.issue(pki.spec(CertificateProfile.BOOTSTRAP, "meter-0042", deviceKey.getPublic())
                        .build());
        openssl.write("bootstrap.pem", pem(bootstrap));
        openssl.write("signer.pem", pem(pki.signer));

        String root = openssl.ok("x509", "-in", "root.pem", "-noout", "-text");
        String issuing = openssl.ok("x509", "-in", "issuing.pem", "-noout", "-text");
        String signer = openssl.ok("x509", "-in", "signer.pem", "-noout", "-text");
        String bootstrapText = openssl.ok("x509", "-in", "bootstrap.pem", "-noout", "-text");

        assertThat(root)
                .containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE, pathlen:1")
                .containsPattern("X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign");
        assertThat(issuing)
                .containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE, pathlen:0")
                .containsPattern("X509v3 Key Usage: critical\\s+Certificate Sign, CRL Sign")
                .containsPattern("X509v3 Name Constraints: critical\\s+Permitted:\\s+DirName:O = Palisade, OU = "
                        + pki.tenant + "\\s+URI:" + pki.tenant + ".palisade");
        assertThat(signer).contains("OCSP Signing").contains("OCSP No Check");
        assertThat(bootstrapText)
                .contains("URI:spiffe://" + pki.tenant + ".palisade/bootstrap/meter-0042")
                .contains("Policy: " + PalisadeOids.ENROLMENT_ONLY_POLICY.getId());
    }

    @Test
    void aFullCrlListingTheDeviceMakesOpensslRefuseItWhileAnUnrevokedDevicePasses() throws Exception {
        X509Certificate revoked = pki.device("meter-0001", deviceKey.getPublic());
        X509Certificate fine = pki.device("meter-0002", TestCsrs.ec("secp256r1").getPublic());
        Instant now = Clock.systemUTC().instant();
        SignedCrl crl = Crls.full(
                pki.issuing,
                pki.issuingKey,
                BigInteger.ONE,
                now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofDays(1)),
                List.of(new RevokedEntry(revoked.getSerialNumber(), now, RevocationReason.KEY_COMPROMISE)));
        openssl.write("crl.pem", crl.pem());
        openssl.write("revoked.pem", pem(revoked));
        openssl.write("fine.pem", pem(fine));

        String common = "-crl_check -CAfile root.pem -untrusted issuing.pem -CRLfile crl.pem";
        OpenSsl.Result refused = verify(common + " revoked.pem");
        OpenSsl.Result passed = verify(common + " fine.pem");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("certificate revoked");
        assertThat(passed.output()).contains("fine.pem: OK");
    }

    @Test
    void opensslParsesADeltaCrlWithItsIndicator() throws Exception {
        Instant now = Clock.systemUTC().instant();
        SignedCrl delta = Crls.delta(
                pki.issuing,
                pki.issuingKey,
                BigInteger.valueOf(8),
                BigInteger.valueOf(7),
                now,
                now.plus(Duration.ofHours(1)),
                List.of(
                        new RevokedEntry(Serials.random(), now, RevocationReason.SUPERSEDED),
                        new RevokedEntry(Serials.random(), now, RevocationReason.REMOVE_FROM_CRL)));
        openssl.write("delta.pem", delta.pem());

        String text = openssl.ok("crl", "-in", "delta.pem", "-noout", "-text");
        String verified = openssl.ok("crl", "-in", "delta.pem", "-noout", "-CAfile", "issuing.pem");

        assertThat(text)
                .containsPattern("X509v3 Delta CRL Indicator: critical\\s+7")
                .containsPattern("X509v3 CRL Number:\\s+8")
                .contains("X509v3 Authority Key Identifier")
                .contains("Superseded")
                .contains("Remove From CRL");
        assertThat(verified).contains("verify OK");
    }

    private OpenSsl.Result verify(String arguments) throws Exception {
        return openssl.run(("verify " + arguments).split(" "));
    }

    private X509Certificate buildDirectly(X500Name subject, String spiffeId) {
        Instant now = Clock.systemUTC().instant();
        var builder = new X509v3CertificateBuilder(
                Certificates.subjectOf(pki.issuing),
                Serials.random(),
                Certificates.time(now.minus(Duration.ofHours(1))),
                Certificates.time(now.plus(Duration.ofDays(1))),
                subject,
                SubjectPublicKeyInfo.getInstance(deviceKey.getPublic().getEncoded()));
        Certificates.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        Certificates.addExtension(
                builder,
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId)));
        return Certificates.toVerifiedCertificate(
                builder.build(new SigningKeyContentSigner(pki.issuingKey)), pki.issuing.getPublicKey());
    }

    static String pem(X509Certificate certificate) throws Exception {
        return Pem.encode("CERTIFICATE", certificate.getEncoded());
    }
}
