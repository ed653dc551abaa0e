package dev.palisade.pki.x509;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A complete hierarchy for tests: an offline root (P-384), a tenant's issuing CA (P-256) made through the ceremony's
 * request and signature, and a delegated OCSP signer (P-256).
 */
final class TestPki {

    static final URI CRL_URI = URI.create("http://pki.example.test/crl/issuing.crl");
    static final URI OCSP_URI = URI.create("http://pki.example.test/ocsp");

    final Instant now;
    final TenantId tenant;
    final TestSigningKey rootKey;
    final X509Certificate root;
    final TestSigningKey issuingKey;
    final X509Certificate issuing;
    final TestSigningKey signerKey;
    final X509Certificate signer;

    private TestPki(Instant now) {
        this.now = now;
        this.tenant = TenantId.random();
        this.rootKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P384);
        this.root = CaCertificates.selfSignedRoot(
                "Palisade Test Root", rootKey, Serials.random(), now.minus(Duration.ofDays(1)), now.plus(days(3650)));
        this.issuingKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        byte[] request = CaCertificates.issuingCaRequest(tenant, "Issuing CA", issuingKey);
        this.issuing = CaCertificates.signIssuingCa(
                request, root, rootKey, Serials.random(), now.minus(Duration.ofDays(1)), now.plus(days(1825)));
        this.signerKey = TestSigningKey.generate(KeyAlgorithm.ECDSA_P256);
        this.signer = CertificateIssuer.issue(spec(CertificateProfile.OCSP_SIGNER, "ocsp-signer", signerKey.publicKey())
                .withoutUris()
                .build());
    }

    static TestPki create(Instant now) {
        return new TestPki(now);
    }

    private static Duration days(long days) {
        return Duration.ofDays(days);
    }

    /** A spec builder with sensible defaults: valid from an hour ago for 30 days, with CRL and OCSP URIs. */
    SpecBuilder spec(CertificateProfile profile, String subjectName, PublicKey key) {
        return new SpecBuilder(profile, subjectName, key);
    }

    X509Certificate device(String deviceId, PublicKey key) {
        return CertificateIssuer.issue(
                spec(CertificateProfile.DEVICE, deviceId, key).build());
    }

    final class SpecBuilder {
        private final CertificateProfile profile;
        private final String subjectName;
        private final PublicKey key;
        private List<String> dnsNames = List.of();
        private List<java.net.InetAddress> ipAddresses = List.of();
        private BigInteger serial = Serials.random();
        private Instant notBefore = now.minus(Duration.ofHours(1));
        private Instant notAfter = now.plus(Duration.ofDays(30));
        private URI crl = CRL_URI;
        private URI ocsp = OCSP_URI;
        private boolean uris = true;

        private SpecBuilder(CertificateProfile profile, String subjectName, PublicKey key) {
            this.profile = profile;
            this.subjectName = subjectName;
            this.key = key;
        }

        SpecBuilder dnsNames(String... names) {
            this.dnsNames = List.of(names);
            return this;
        }

        SpecBuilder ipAddresses(java.net.InetAddress... addresses) {
            this.ipAddresses = List.of(addresses);
            return this;
        }

        SpecBuilder serial(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        SpecBuilder crl(URI crl) {
            this.crl = crl;
            return this;
        }

        SpecBuilder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        SpecBuilder withoutUris() {
            this.uris = false;
            return this;
        }

        IssueSpec build() {
            return new IssueSpec(
                    profile,
                    tenant,
                    subjectName,
                    dnsNames,
                    ipAddresses,
                    key,
                    serial,
                    notBefore,
                    notAfter,
                    issuing,
                    issuingKey,
                    uris ? crl : null,
                    uris ? ocsp : null);
        }
    }
}
