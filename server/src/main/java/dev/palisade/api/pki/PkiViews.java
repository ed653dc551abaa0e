package dev.palisade.api.pki;

import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.PemText;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of PKI resources. Certificates travel as PEM. */
final class PkiViews {

    private PkiViews() {}

    record CaView(
            String id,
            int generation,
            String commonName,
            String status,
            String keyAlgorithm,
            Instant createdAt,
            @Nullable Instant notAfter,
            @Nullable String certificate) {
        static CaView of(CertificateAuthority ca) {
            X509Certificate certificate = ca.certificate();
            return new CaView(
                    ca.id().toString(),
                    ca.generation(),
                    ca.commonName(),
                    ca.status().wireName(),
                    ca.keyAlgorithm().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    ca.createdAt(),
                    certificate == null ? null : certificate.getNotAfter().toInstant(),
                    certificate == null ? null : PemText.certificate(certificate));
        }
    }

    /**
     * @param certificate PEM, present when a single certificate is shown or issued
     * @param chain PEM of the issuing CA and the root, present when a certificate is issued
     */
    record CertificateView(
            String issuer,
            String serial,
            @Nullable String device,
            String profile,
            String subject,
            Instant notBefore,
            Instant notAfter,
            Instant issuedAt,
            @Nullable Instant revokedAt,
            @Nullable String revocationReason,
            String publicKeySha256,
            @Nullable String certificate,
            @Nullable String chain) {

        static CertificateView summary(IssuedCertificate issued) {
            return of(issued, false, List.of());
        }

        static CertificateView full(IssuedCertificate issued, List<X509Certificate> chain) {
            return of(issued, true, chain);
        }

        private static CertificateView of(IssuedCertificate issued, boolean withPem, List<X509Certificate> chain) {
            X509Certificate certificate = issued.certificate();
            return new CertificateView(
                    issued.issuer().toString(),
                    issued.serialHex(),
                    issued.device() == null ? null : issued.device().value(),
                    issued.profile().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    certificate.getSubjectX500Principal().getName(),
                    certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(),
                    issued.issuedAt(),
                    issued.revokedAt(),
                    issued.revocationReason() == null
                            ? null
                            : issued.revocationReason().wireName(),
                    Base64.getEncoder().encodeToString(issued.publicKeySha256()),
                    withPem ? PemText.certificate(certificate) : null,
                    chain.isEmpty() ? null : PemText.certificates(chain));
        }
    }
}
