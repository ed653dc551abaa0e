package dev.palisade.provisioning;

import java.security.cert.X509Certificate;

/**
 * What the registration policy decides on: what vouches for the device (its manifest entry, found by its bootstrap
 * certificate, or its owner's claim that certificate proved), the manufacturer whose CA issued that certificate, the
 * certificate itself, and the tenant's policy.
 */
public record RegistrationRequest(
        Voucher entry, Manufacturer manufacturer, X509Certificate bootstrapCertificate, ProvisioningPolicy policy) {}
