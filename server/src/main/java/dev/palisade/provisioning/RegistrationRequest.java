package dev.palisade.provisioning;

import java.security.cert.X509Certificate;

/**
 * What the registration policy decides on: the device's manifest entry (found by its bootstrap certificate), the
 * manufacturer whose CA issued that certificate, the certificate itself, and the tenant's policy.
 */
public record RegistrationRequest(
        ManifestEntry entry,
        Manufacturer manufacturer,
        X509Certificate bootstrapCertificate,
        ProvisioningPolicy policy) {}
