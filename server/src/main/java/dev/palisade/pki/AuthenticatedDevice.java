package dev.palisade.pki;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.x509.IdentityKind;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;

/**
 * A device that authenticated with a certificate Palisade issued: which tenant and device, whether with a bootstrap
 * (enrol-only) or an operational certificate, and which certificate.
 */
public record AuthenticatedDevice(
        TenantId tenant, DeviceId device, IdentityKind kind, CaId issuer, BigInteger serial) {}
