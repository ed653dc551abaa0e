package dev.palisade.pki;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Published in the transaction that records a certificate.
 *
 * @param serial lower-case hexadecimal
 * @param deviceId the device it names, or null for server and OCSP signer certificates
 * @param publicKeySha256 base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo
 */
public record CertificateIssued(
        TenantId tenant,
        CaId issuer,
        String serial,
        @Nullable String deviceId,
        String profile,
        String publicKeySha256,
        Instant notAfter) {}
