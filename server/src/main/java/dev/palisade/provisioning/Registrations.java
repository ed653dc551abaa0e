package dev.palisade.provisioning;

import dev.palisade.attestation.EndorsementKeys;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.Decommissioning;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.provisioning.internal.ManifestRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.GroupCommit;
import dev.palisade.storage.GroupCommit.Outcome;
import dev.palisade.storage.TenantTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The registering half of first contacts, done for every device of a group commit at once: vouchers and devices
 * locked with one statement each, the refused ones told why, and the rest registered, their vouchers consumed, audited
 * and their certificates recorded with one statement per table. What the devices of a batch get is what each would
 * have got alone, in the order they came: of two first contacts for one device, or one voucher, the second is refused.
 */
@Component
class Registrations implements GroupCommit.Batched<Registrations.Registration, IssuedCertificate> {

    private final TenantTransactions transactions;
    private final ManifestRepository manifests;
    private final ClaimVouchers claims;
    private final DeviceRegistry devices;
    private final EndorsementKeys endorsementKeys;
    private final AuditLog audit;
    private final CertificateIssuance issuance;
    private final Clock clock;

    Registrations(
            TenantTransactions transactions,
            ManifestRepository manifests,
            ClaimVouchers claims,
            DeviceRegistry devices,
            EndorsementKeys endorsementKeys,
            AuditLog audit,
            CertificateIssuance issuance,
            Clock clock) {
        this.transactions = transactions;
        this.manifests = manifests;
        this.claims = claims;
        this.devices = devices;
        this.endorsementKeys = endorsementKeys;
        this.audit = audit;
        this.issuance = issuance;
        this.clock = clock;
    }

    /** A device that passed its registration policy, with its signed certificate, ready to be registered. */
    record Registration(
            TenantId tenant,
            Voucher entry,
            Actor actor,
            String requestId,
            Map<String, String> facts,
            IssuedCertificate certificate) {}

    @Override
    public List<Outcome<IssuedCertificate>> runAll(List<Registration> items) {
        Map<TenantId, List<Integer>> byTenant = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byTenant.computeIfAbsent(items.get(i).tenant(), tenant -> new ArrayList<>())
                    .add(i);
        }
        Map<Integer, Outcome<IssuedCertificate>> outcomes = new HashMap<>();
        byTenant.forEach((tenant, indices) ->
                transactions.inTenant(tenant, () -> registerAll(tenant, items, indices, outcomes)));
        List<Outcome<IssuedCertificate>> inOrder = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            inOrder.add(outcomes.get(i));
        }
        return inOrder;
    }

    /** Registers the items of {@code indices}, all of {@code tenant}, putting each one's outcome by its index. */
    private void registerAll(
            TenantId tenant,
            List<Registration> items,
            List<Integer> indices,
            Map<Integer, Outcome<IssuedCertificate>> outcomes) {
        List<UUID> listed = new ArrayList<>();
        List<DeviceId> named = new ArrayList<>();
        for (int index : indices) {
            Registration item = items.get(index);
            if (item.entry() instanceof ManifestEntry entry) {
                listed.add(entry.id());
            }
            named.add(item.entry().device());
        }
        Map<UUID, ManifestEntry> entries = listed.isEmpty() ? Map.of() : manifests.lockAll(tenant, listed);
        Map<DeviceId, DeviceState> states =
                devices.lockStates(tenant, named.stream().distinct().toList());
        Set<UUID> vouchersUsed = new HashSet<>();
        Set<DeviceId> devicesRegistered = new HashSet<>();
        List<Integer> accepted = new ArrayList<>(indices.size());
        List<DeviceRegistry.SelfRegistration> newDevices = new ArrayList<>();
        for (int index : indices) {
            Registration item = items.get(index);
            DeviceId device = item.entry().device();
            Optional<Refusal> refusal = voucherRefusal(tenant, item.entry(), entries, vouchersUsed)
                    .or(() -> devicesRegistered.contains(device)
                            ? Optional.of(registered(device, DeviceState.ACTIVE))
                            : stateRefusal(tenant, item.entry(), states.get(device)));
            if (refusal.isPresent()) {
                outcomes.put(index, Outcome.refused(new RegistrationRefused(refusal.get())));
                continue;
            }
            vouchersUsed.add(voucherId(item.entry()));
            devicesRegistered.add(device);
            accepted.add(index);
            DeviceState state = states.get(device);
            if (state == null) {
                newDevices.add(selfRegistration(item.entry(), item.requestId()));
            } else if (state == DeviceState.DECOMMISSIONED) {
                readmit(tenant, item.entry(), item.requestId());
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        devices.registerAllWithin(tenant, newDevices);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<UUID, String> entriesUsed = new LinkedHashMap<>();
        List<AuditEntry> decisions = new ArrayList<>(accepted.size());
        List<IssuedCertificate> certificates = new ArrayList<>(accepted.size());
        List<String> requestIds = new ArrayList<>(accepted.size());
        for (int index : accepted) {
            Registration item = items.get(index);
            Voucher entry = item.entry();
            if (states.get(entry.device()) == null) {
                expectEndorsementKey(tenant, entry, item.requestId());
            }
            switch (entry) {
                case ManifestEntry listedEntry -> entriesUsed.put(listedEntry.id(), item.requestId());
                case DeviceClaim claim -> claims.markUsed(tenant, claim, now, item.requestId());
            }
            decisions.add(AuditEntry.succeeded(
                            tenant,
                            item.actor(),
                            "provisioning.registered",
                            "device:" + entry.device(),
                            item.requestId())
                    .withDetails(item.facts())
                    .withDetails(Map.of("decision", "allowed")));
            certificates.add(item.certificate());
            requestIds.add(item.requestId());
        }
        manifests.markAllUsed(tenant, entriesUsed, now);
        audit.appendAll(tenant, decisions);
        // the certificates join this transaction: recorded, and their devices activated, with the vouchers' use
        Map<Integer, RuntimeException> refused = issuance.recordEnrolments(certificates, requestIds);
        if (!refused.isEmpty()) {
            // its device is registered and its voucher consumed by now: the batch rolls back, and it is told alone
            var first = refused.entrySet().iterator().next();
            throw new GroupCommit.ItemFailed(accepted.get(first.getKey()), first.getValue());
        }
        for (int index : accepted) {
            outcomes.put(index, Outcome.of(items.get(index).certificate()));
        }
    }

    /** Why {@code candidate}, locked, cannot register its device now, if it cannot; a voucher is used once. */
    private Optional<Refusal> voucherRefusal(
            TenantId tenant, Voucher candidate, Map<UUID, ManifestEntry> entries, Set<UUID> usedInBatch) {
        return switch (candidate) {
            case ManifestEntry listed -> {
                ManifestEntry locked = entries.get(listed.id());
                if (locked == null) {
                    throw new IllegalStateException("manifest entry " + listed.id() + " vanished");
                }
                yield locked.used() || usedInBatch.contains(listed.id())
                        ? Optional.of(new Refusal(
                                RefusalReason.ENTRY_USED, "the manifest entry registered its device already"))
                        : Optional.empty();
            }
            case DeviceClaim claim ->
                usedInBatch.contains(claim.id())
                        ? Optional.of(new Refusal(
                                RefusalReason.CLAIM_USED,
                                "claim " + claim.id() + " registered device '" + claim.device() + "' already"))
                        : claims.lockForUse(tenant, claim);
        };
    }

    /** Why a device in {@code state} (null: not registered) cannot register through {@code entry}, if it cannot. */
    private Optional<Refusal> stateRefusal(TenantId tenant, Voucher entry, @Nullable DeviceState state) {
        if (state == null || state == DeviceState.PROVISIONED) {
            return Optional.empty();
        }
        if (state == DeviceState.DECOMMISSIONED) {
            return decommissioned(tenant, entry);
        }
        // an operator registered it and it enrolled already: not a first contact
        return Optional.of(registered(entry.device(), state));
    }

    private static Refusal registered(DeviceId device, DeviceState state) {
        return new Refusal(RefusalReason.DEVICE_REGISTERED, "device '" + device + "' is " + state.wireName());
    }

    private static UUID voucherId(Voucher voucher) {
        return switch (voucher) {
            case ManifestEntry listed -> listed.id();
            case DeviceClaim claim -> claim.id();
        };
    }

    /**
     * Registers a device that is to attest before it enrols, within the caller's transaction: registered if new, back
     * to provisioned if {@code entry} re-manufactured it; refused ({@link RegistrationRefused}) otherwise.
     */
    void registerToAttest(TenantId tenant, Voucher entry, String requestId) {
        DeviceId device = entry.device();
        DeviceState state = devices.lockStates(tenant, List.of(device)).get(device);
        if (state == null) {
            devices.registerWithin(tenant, selfRegistration(entry, requestId));
            expectEndorsementKey(tenant, entry, requestId);
            return;
        }
        Optional<Refusal> refusal = stateRefusal(tenant, entry, state);
        if (refusal.isPresent()) {
            throw new RegistrationRefused(refusal.get());
        }
        if (state == DeviceState.DECOMMISSIONED) {
            readmit(tenant, entry, requestId);
        }
    }

    /**
     * Brings a decommissioned device back to provisioned; the caller checked that {@code entry} re-manufactured it (a
     * manifest imported after its decommissioning vouches for it anew, see {@link #decommissioned}).
     */
    private void readmit(TenantId tenant, Voucher entry, String requestId) {
        if (!(entry instanceof ManifestEntry listed)) {
            throw new IllegalStateException("only a manifest entry re-manufactures a decommissioned device");
        }
        DeviceId device = entry.device();
        devices.moveTo(
                tenant,
                device,
                DeviceState.PROVISIONED,
                deviceActor(device),
                requestId,
                "re-manufactured: listed again by manifest " + listed.manifest());
        expectEndorsementKey(tenant, entry, requestId);
    }

    /** The TPM the manufacturer put in the device, if it names one, is the one it must attest with. */
    private void expectEndorsementKey(TenantId tenant, Voucher entry, String requestId) {
        byte[] endorsementKey = entry.endorsementKeySha256();
        if (endorsementKey != null) {
            DeviceId device = entry.device();
            endorsementKeys.expect(tenant, device, endorsementKey, deviceActor(device), requestId);
        }
    }

    /**
     * Refuses a decommissioned device unless {@code entry} comes from a manifest imported after its decommissioning (it
     * was re-manufactured). An entry imported before, used or waiting, vouched for the device that was retired; an
     * owner's claim never brings a retired device back.
     */
    Optional<Refusal> decommissioned(TenantId tenant, Voucher entry) {
        Optional<Device> device = devices.find(tenant, entry.device());
        if (device.isEmpty() || device.get().state() != DeviceState.DECOMMISSIONED) {
            return Optional.empty();
        }
        Decommissioning retired = device.get().decommissioning();
        if (retired != null
                && entry instanceof ManifestEntry listed
                && manifests.importedAt(tenant, listed.manifest()).isAfter(retired.at())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(
                RefusalReason.DEVICE_DECOMMISSIONED,
                "device '" + entry.device() + "' was decommissioned"
                        + (retired == null ? "" : " at " + retired.at())
                        + "; only a manifest imported since (re-manufacture) lets it enrol again"));
    }

    /** The device {@code entry} vouches for, registering itself with the voucher's facts. */
    private static DeviceRegistry.SelfRegistration selfRegistration(Voucher entry, String requestId) {
        DeviceId device = entry.device();
        return new DeviceRegistry.SelfRegistration(
                device,
                deviceActor(device),
                requestId,
                VoucherFacts.attributes(entry),
                Map.of("registeredBy", entry.via()));
    }

    private static Actor deviceActor(DeviceId device) {
        return new Actor(Actor.ActorKind.DEVICE, device.value(), device.value());
    }

    /** A refusal found inside the registering transaction, before anything of its device was written. */
    static final class RegistrationRefused extends RuntimeException {

        private final Refusal refusal;

        RegistrationRefused(Refusal refusal) {
            super(refusal.detail(), null, false, false);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }
}
