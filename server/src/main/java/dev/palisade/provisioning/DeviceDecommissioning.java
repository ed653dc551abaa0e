package dev.palisade.provisioning;

import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.pki.CertificateRevocation;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Retires a device for good, in one transaction: every certificate it holds revoked (cessation of operation), its
 * state decommissioned with who, when and why, audited, and {@code DeviceDecommissioned} published so that the broker
 * sends a connected device its wipe command before cutting its session. Nothing is deleted: the device row, its
 * manifest entries, its certificates and its audit records are its provenance. It never enrols again unless it is
 * re-manufactured: a manifest imported after the decommissioning lists it anew (see {@link FirstContact}).
 */
@Service
public class DeviceDecommissioning {

    private final DeviceRegistry devices;
    private final CertificateRevocation revocation;
    private final TenantTransactions transactions;

    DeviceDecommissioning(DeviceRegistry devices, CertificateRevocation revocation, TenantTransactions transactions) {
        this.devices = devices;
        this.revocation = revocation;
        this.transactions = transactions;
    }

    /**
     * Decommissions the device.
     *
     * @throws dev.palisade.shared.problem.NotFoundException {@code identity.device.not-found}
     * @throws dev.palisade.shared.problem.ConflictException {@code identity.device.already-decommissioned}: a second
     *     decommissioning changes nothing and is refused, so that the first one's time and reason stand
     */
    public Device decommission(Caller caller, DeviceId id, @Nullable String reason) {
        String why = DeviceRegistry.reason(reason);
        List<IssuedCertificate> revoked = new ArrayList<>();
        Device decommissioned = transactions.inTenant(caller.tenant(), () -> {
            // the device row first: an enrolment racing with this one waits for it, then finds the device refused
            devices.lockForDecommissioning(caller, id);
            revoked.addAll(revocation.revokeDeviceWithin(caller, id, RevocationReason.CESSATION_OF_OPERATION));
            return devices.decommissionWithin(caller, id, why, revoked.size());
        });
        revocation.afterCommit(caller.tenant(), revoked);
        return decommissioned;
    }
}
