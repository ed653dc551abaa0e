package dev.palisade.pki;

import dev.palisade.shared.TenantId;
import java.util.List;

/**
 * Published in the transaction that revokes certificates, so that every relying party that keeps state (the broker
 * cutting live sessions, caches) can act on exactly what was revoked: by serial, and by public key for sessions that
 * only know the key.
 *
 * @param reason RFC 5280 reason, wire name (for example {@code key-compromise})
 */
public record CertificatesRevoked(TenantId tenant, CaId issuer, String reason, List<Revoked> certificates) {

    public CertificatesRevoked {
        certificates = List.copyOf(certificates);
    }

    /**
     * @param serial lower-case hexadecimal
     * @param deviceId the device, or null
     * @param publicKeySha256 base64 of the SHA-256 of the SubjectPublicKeyInfo
     */
    public record Revoked(
            String serial,
            @org.jspecify.annotations.Nullable String deviceId,
            String publicKeySha256) {}
}
