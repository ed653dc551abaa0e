package dev.palisade.identity;

import dev.palisade.shared.TenantId;

/**
 * Published in the transaction that decommissions a device (its certificates revoked, its state decommissioned), for
 * those who act on the device beyond the database: the broker sends a connected device its wipe command before its
 * session is cut.
 *
 * @param requestId the request that decommissioned it, for the audit records of what follows
 */
public record DeviceDecommissioned(
        TenantId tenant, DeviceId device, Decommissioning decommissioning, int certificatesRevoked, String requestId) {}
