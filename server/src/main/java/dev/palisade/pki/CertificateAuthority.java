package dev.palisade.pki;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.shared.TenantId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An issuing CA of a tenant.
 *
 * @param generation 1 for the tenant's first CA, counting up with each rotation
 * @param keyAlias where its private key is in custody
 * @param csr the DER request its key signed, for the offline root
 * @param certificate its certificate once the root signed it (null while pending)
 */
public record CertificateAuthority(
        CaId id,
        TenantId tenant,
        int generation,
        String commonName,
        KeyAlias keyAlias,
        KeyAlgorithm keyAlgorithm,
        CaStatus status,
        byte[] csr,
        @Nullable X509Certificate certificate,
        Instant createdAt) {

    public CertificateAuthority {
        csr = csr.clone();
    }

    @Override
    public byte[] csr() {
        return csr.clone();
    }

    /** The certificate of a CA that is no longer pending. */
    public X509Certificate requireCertificate() {
        if (certificate == null) {
            throw new IllegalStateException("CA " + id + " is pending: the offline root has not signed it yet");
        }
        return certificate;
    }
}
