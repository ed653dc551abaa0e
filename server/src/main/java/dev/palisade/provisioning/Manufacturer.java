package dev.palisade.provisioning;

import dev.palisade.shared.TenantId;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A manufacturer registered with a tenant.
 *
 * @param signingKey the key whose CMS signatures the tenant accepts on this manufacturer's manifests
 * @param bootstrapCas the CAs that issue this manufacturer's bootstrap certificates, trusted for first-contact
 *     enrolment only
 */
public record Manufacturer(
        TenantId tenant,
        UUID id,
        String name,
        PublicKey signingKey,
        List<X509Certificate> bootstrapCas,
        Instant createdAt) {

    public Manufacturer {
        bootstrapCas = List.copyOf(bootstrapCas);
    }
}
