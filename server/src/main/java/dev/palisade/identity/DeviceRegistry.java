package dev.palisade.identity;

import dev.palisade.audit.AuditLog;
import dev.palisade.identity.internal.DeviceRepository;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Registers devices and tracks their lifecycle state; every change is audited. */
@Service
public class DeviceRegistry {

    private final TenantTransactions transactions;
    private final DeviceRepository devices;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DeviceRegistry(
            TenantTransactions transactions,
            DeviceRepository devices,
            AuditLog audit,
            Clock clock,
            ApplicationEventPublisher events) {
        this.transactions = transactions;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /** Registers a device, ready to enrol. A device id is unique within its tenant. */
    public Device register(Caller caller, @Nullable String id) {
        DeviceId deviceId = parse("id", id);
        Instant now = now();
        var device = new Device(caller.tenant(), deviceId, DeviceState.PROVISIONED, now, now);
        return transactions.inTenant(caller.tenant(), () -> {
            if (!devices.insert(device)) {
                throw new ConflictException("identity.device.exists", "a device '" + deviceId + "' is registered");
            }
            audit.append(caller.audit("device.registered", "device:" + deviceId)
                    .withDetails(Map.of("state", device.state().wireName())));
            events.publishEvent(new DevicesChanged(caller.tenant(), List.of(device)));
            return device;
        });
    }

    /**
     * Registers a device, ready to enrol, within the caller's transaction and on behalf of someone other than an
     * operator: a device whose first contact its manufacturer's manifest vouches for registers itself.
     *
     * @throws ConflictException when a device with that id is registered
     */
    public Device registerWithin(TenantId tenant, SelfRegistration registration) {
        requireTransaction();
        Device device = selfRegistered(tenant, registration, now());
        return transactions.inTenant(tenant, () -> {
            if (!devices.insert(device)) {
                throw new ConflictException(
                        "identity.device.exists", "a device '" + registration.device() + "' is registered");
            }
            audit.append(registered(tenant, registration, device));
            events.publishEvent(new DevicesChanged(tenant, List.of(device)));
            return device;
        });
    }

    /**
     * Registers devices as {@link #registerWithin} does, many at once: within the caller's transaction, with one
     * statement for all. The caller must have seen, under lock ({@link #lockStates}), that none of the ids is taken; a
     * taken one fails the statement and the caller's transaction.
     */
    public List<Device> registerAllWithin(TenantId tenant, List<SelfRegistration> registrations) {
        requireTransaction();
        if (registrations.isEmpty()) {
            return List.of();
        }
        Instant now = now();
        List<Device> registered = new ArrayList<>(registrations.size());
        List<dev.palisade.audit.AuditEntry> entries = new ArrayList<>(registrations.size());
        for (SelfRegistration registration : registrations) {
            Device device = selfRegistered(tenant, registration, now);
            registered.add(device);
            entries.add(registered(tenant, registration, device));
        }
        transactions.inTenant(tenant, () -> {
            devices.insertAll(registered);
            audit.appendAll(tenant, entries);
            events.publishEvent(new DevicesChanged(tenant, registered));
        });
        return registered;
    }

    /** The device {@code registration} registers: provisioned, labelled with its attributes. */
    private static Device selfRegistered(TenantId tenant, SelfRegistration registration, Instant now) {
        DeviceLabels labels = DeviceLabels.parse(List.of(), registration.attributes());
        return new Device(tenant, registration.device(), DeviceState.PROVISIONED, now, now)
                .withLabels(labels.groups(), labels.attributes(), now);
    }

    private static dev.palisade.audit.AuditEntry registered(
            TenantId tenant, SelfRegistration registration, Device device) {
        return dev.palisade.audit.AuditEntry.succeeded(
                        tenant,
                        registration.actor(),
                        "device.registered",
                        "device:" + device.id(),
                        registration.requestId())
                .withDetails(registration.details())
                .withDetails(Map.of("state", device.state().wireName()));
    }

    /**
     * A device registering itself, for {@link #registerWithin} and {@link #registerAllWithin}: who acts, and what is
     * recorded with it.
     */
    public record SelfRegistration(
            DeviceId device,
            dev.palisade.audit.Actor actor,
            String requestId,
            Map<String, String> attributes,
            Map<String, String> details) {}

    public Device get(Caller caller, DeviceId id) {
        return find(caller.tenant(), id)
                .orElseThrow(() -> new NotFoundException("identity.device.not-found", "no device '" + id + "'"));
    }

    /** The device, read in the tenant's scope; empty if it is not registered there. */
    public java.util.Optional<Device> find(TenantId tenant, DeviceId id) {
        return transactions.readInTenant(tenant, () -> devices.find(tenant, id));
    }

    public Page<Device> list(Caller caller, @Nullable DeviceState state, PageRequest page) {
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        devices.page(caller.tenant(), page.after(), state, page.limit() + 1),
                        page.limit(),
                        device -> device.id().value()));
    }

    /**
     * Moves a device to {@code state} within the caller's transaction (a feature's change that implies it, such as a
     * first enrolment activating the device), auditing the move with the given reason.
     */
    public void moveTo(
            TenantId tenant,
            DeviceId id,
            DeviceState state,
            dev.palisade.audit.Actor actor,
            String requestId,
            String reason) {
        transactions.inTenant(tenant, () -> {
            Device current = devices.find(tenant, id)
                    .orElseThrow(() -> new NotFoundException("identity.device.not-found", "no device '" + id + "'"));
            if (current.state() == state) {
                return;
            }
            Device moved = devices.updateState(tenant, id, state, now());
            audit.append(dev.palisade.audit.AuditEntry.succeeded(
                            tenant, actor, "device.state-changed", "device:" + id, requestId)
                    .withDetails(Map.of("from", current.state().wireName(), "to", state.wireName(), "reason", reason)));
            events.publishEvent(new DevicesChanged(tenant, List.of(moved)));
        });
    }

    /**
     * Replaces the device's groups, its attributes, or both (a null leaves that part as it is). Access policies attach
     * to groups and use attributes, so the change reaches the device's live session at once.
     */
    public Device relabel(
            Caller caller, DeviceId id, @Nullable List<String> groups, @Nullable Map<String, String> attributes) {
        DeviceLabels given = DeviceLabels.parse(groups, attributes);
        return transactions.inTenant(caller.tenant(), () -> {
            Device current = devices.findForUpdate(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException("identity.device.not-found", "no device '" + id + "'"));
            var labels = new DeviceLabels(
                    groups == null ? current.groups() : given.groups(),
                    attributes == null ? current.attributes() : given.attributes());
            if (labels.groups().equals(current.groups()) && labels.attributes().equals(current.attributes())) {
                return current;
            }
            Device changed = devices.updateLabels(caller.tenant(), id, labels, now());
            audit.append(caller.audit("device.labels-changed", "device:" + id)
                    .withDetails(Map.of(
                            "groups", String.join(",", labels.groups()),
                            "attributes", String.join(",", labels.attributes().keySet()))));
            events.publishEvent(new DevicesChanged(caller.tenant(), List.of(changed)));
            return changed;
        });
    }

    /**
     * Contains an active device: from now on it may only reach its remediation topics, its live session included. The
     * device keeps its certificates; {@link #release} lets it back.
     */
    public Device quarantine(Caller caller, DeviceId id, @Nullable String reason) {
        return changeContainment(caller, id, DeviceState.ACTIVE, DeviceState.QUARANTINED, "device.quarantined", reason);
    }

    /** Lets a quarantined device back to normal operation. */
    public Device release(Caller caller, DeviceId id, @Nullable String reason) {
        return changeContainment(caller, id, DeviceState.QUARANTINED, DeviceState.ACTIVE, "device.released", reason);
    }

    private Device changeContainment(
            Caller caller, DeviceId id, DeviceState from, DeviceState to, String action, @Nullable String reason) {
        String why = reason == null || reason.isBlank() ? "none given" : reason.strip();
        if (why.length() > 512) {
            throw new InvalidInputException("reason", "a reason is at most 512 characters");
        }
        return transactions.inTenant(caller.tenant(), () -> {
            Device current = devices.findForUpdate(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException("identity.device.not-found", "no device '" + id + "'"));
            if (current.state() == to) {
                return current;
            }
            if (current.state() != from) {
                throw new ConflictException(
                        "identity.device.wrong-state",
                        "device '" + id + "' is " + current.state().wireName() + ", not " + from.wireName());
            }
            Device moved = devices.updateState(caller.tenant(), id, to, now());
            audit.append(caller.audit(action, "device:" + id)
                    .withDetails(Map.of("from", from.wireName(), "to", to.wireName(), "reason", why)));
            events.publishEvent(new DevicesChanged(caller.tenant(), List.of(moved)));
            return moved;
        });
    }

    /**
     * Locks the device for its decommissioning within the caller's transaction, which then revokes its certificates and
     * ends with {@link #decommissionWithin}: with the row locked first, no enrolment can slip a certificate in between.
     *
     * @throws NotFoundException {@code identity.device.not-found}
     * @throws ConflictException {@code identity.device.already-decommissioned}, naming when and why it was
     */
    public Device lockForDecommissioning(Caller caller, DeviceId id) {
        requireTransaction();
        return transactions.inTenant(caller.tenant(), () -> {
            Device current = devices.findForUpdate(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException("identity.device.not-found", "no device '" + id + "'"));
            Decommissioning earlier = current.decommissioning();
            if (current.state() == DeviceState.DECOMMISSIONED) {
                throw new ConflictException(
                        "identity.device.already-decommissioned",
                        "device '" + id + "' was decommissioned"
                                + (earlier == null ? "" : " at " + earlier.at() + " (" + earlier.reason() + ")")
                                + "; only a new manifest entry (re-manufacture) brings it back");
            }
            return current;
        });
    }

    /**
     * Marks a device locked by {@link #lockForDecommissioning} decommissioned, within the caller's transaction: the
     * state, who, when and why on its row (nothing is deleted), an audit record, and {@link DevicesChanged} and {@link
     * DeviceDecommissioned} published with the change.
     */
    public Device decommissionWithin(Caller caller, DeviceId id, @Nullable String reason, int certificatesRevoked) {
        requireTransaction();
        String why = reason(reason);
        return transactions.inTenant(caller.tenant(), () -> {
            Device current = lockForDecommissioning(caller, id);
            var decommissioning = new Decommissioning(now(), caller.actor().name(), why);
            Device decommissioned = devices.decommission(caller.tenant(), id, decommissioning);
            audit.append(caller.audit("device.decommissioned", "device:" + id)
                    .withDetails(Map.of(
                            "from", current.state().wireName(),
                            "to", DeviceState.DECOMMISSIONED.wireName(),
                            "reason", why,
                            "certificatesRevoked", Integer.toString(certificatesRevoked))));
            events.publishEvent(new DevicesChanged(caller.tenant(), List.of(decommissioned)));
            events.publishEvent(new DeviceDecommissioned(
                    caller.tenant(), id, decommissioning, certificatesRevoked, caller.requestId()));
            return decommissioned;
        });
    }

    /** A reason given by an operator, checked before anything is written: "none given" when blank. */
    public static String reason(@Nullable String reason) {
        String why = reason == null || reason.isBlank() ? "none given" : reason.strip();
        if (why.length() > Decommissioning.MAX_REASON_LENGTH) {
            throw new InvalidInputException("reason", "a reason is at most 512 characters");
        }
        return why;
    }

    /**
     * Hands every device of {@code tenant} to {@code sink}, for those who keep the fleet in memory and load it once at
     * start; {@link DevicesChanged} keeps them current afterwards.
     */
    public void forEach(TenantId tenant, Consumer<Device> sink) {
        transactions.readInTenant(tenant, () -> {
            devices.forEach(tenant, sink);
            return null;
        });
    }

    /**
     * The states of those of {@code ids} that are registered in {@code tenant}, locked until the caller's transaction
     * ends so that they cannot change under a decision taken on them (a batch of enrolments, say).
     */
    public Map<DeviceId, DeviceState> lockStates(TenantId tenant, Collection<DeviceId> ids) {
        requireTransaction();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return transactions.inTenant(tenant, () -> devices.statesForUpdate(tenant, ids));
    }

    /**
     * Moves devices whose states the caller locked (see {@link #lockStates}) within the caller's transaction, auditing
     * each move as {@link #moveTo} does; one statement for all rather than one per device.
     */
    public void moveAll(TenantId tenant, List<StateChange> changes) {
        requireTransaction();
        if (changes.isEmpty()) {
            return;
        }
        transactions.inTenant(tenant, () -> {
            Instant now = now();
            Map<DeviceState, List<DeviceId>> byTarget = new EnumMap<>(DeviceState.class);
            List<dev.palisade.audit.AuditEntry> entries = new ArrayList<>(changes.size());
            for (StateChange change : changes) {
                byTarget.computeIfAbsent(change.to(), state -> new ArrayList<>())
                        .add(change.device());
                entries.add(dev.palisade.audit.AuditEntry.succeeded(
                                tenant,
                                change.actor(),
                                "device.state-changed",
                                "device:" + change.device(),
                                change.requestId())
                        .withDetails(Map.of(
                                "from", change.from().wireName(),
                                "to", change.to().wireName(),
                                "reason", change.reason())));
            }
            List<Device> moved = new ArrayList<>(changes.size());
            byTarget.forEach((state, ids) -> moved.addAll(devices.updateStates(tenant, ids, state, now)));
            audit.appendAll(tenant, entries);
            events.publishEvent(new DevicesChanged(tenant, moved));
        });
    }

    /** A device's move from one state to another, for {@link #moveAll}. */
    public record StateChange(
            DeviceId device,
            DeviceState from,
            DeviceState to,
            dev.palisade.audit.Actor actor,
            String requestId,
            String reason) {}

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("device states are locked and moved within the caller's transaction");
        }
    }

    /** Parses a device id given by a client, naming the field when it is not valid. */
    public static DeviceId parse(String field, @Nullable String id) {
        if (id == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        if (!DeviceId.isValid(id)) {
            throw new InvalidInputException(
                    "identity.device.invalid-id",
                    field,
                    "a device id is 1 to 128 letters, digits or . _ -, starting with a letter or digit");
        }
        return DeviceId.of(id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
