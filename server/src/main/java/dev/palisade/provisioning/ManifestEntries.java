package dev.palisade.provisioning;

import dev.palisade.identity.DeviceId;
import dev.palisade.provisioning.internal.ManifestRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * What the manifests say about a device: its entries, newest first. The endorsement-key hash of the newest entry is
 * what attestation should expect the device's TPM to prove ({@link #expectedEndorsementKey}).
 */
@Service
public class ManifestEntries {

    private final ManifestRepository manifests;
    private final TenantTransactions transactions;

    ManifestEntries(ManifestRepository manifests, TenantTransactions transactions) {
        this.manifests = manifests;
        this.transactions = transactions;
    }

    public List<ManifestEntry> of(TenantId tenant, DeviceId device) {
        return transactions.readInTenant(tenant, () -> manifests.ofDevice(tenant, device));
    }

    /** The device's entries; not found when no manifest lists it. */
    public List<ManifestEntry> of(Caller caller, DeviceId device) {
        List<ManifestEntry> entries = of(caller.tenant(), device);
        if (entries.isEmpty()) {
            throw new NotFoundException("provisioning.entry.not-found", "no manifest lists device '" + device + "'");
        }
        return entries;
    }

    /** SHA-256 of the TPM endorsement key the newest manifest entry of the device names, if it names one. */
    public Optional<byte[]> expectedEndorsementKey(TenantId tenant, DeviceId device) {
        return of(tenant, device).stream()
                .findFirst()
                .flatMap(entry -> Optional.ofNullable(entry.endorsementKeySha256()));
    }
}
