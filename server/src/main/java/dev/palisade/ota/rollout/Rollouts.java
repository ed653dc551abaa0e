package dev.palisade.ota.rollout;

import dev.palisade.audit.AuditLog;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.ota.Release;
import dev.palisade.ota.ReleaseState;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import dev.palisade.ota.rollout.internal.RolloutRepository.Target;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/**
 * Rollouts as operators see them: creation (targets chosen and split into rings at once, a snapshot), reading with
 * per-ring counts, and the operator's transitions: approve (two-person rule), pause, resume, abort. Each is audited in
 * the transaction of its change; the {@link RolloutEngine} does the rest.
 */
@Service
public class Rollouts {

    static final String TIME_ZONE = "timeZone";

    private final TenantTransactions transactions;
    private final RolloutRepository rollouts;
    private final OtaRepository releases;
    private final DeviceRegistry devices;
    private final RolloutEngine engine;
    private final AuditLog audit;
    private final Clock clock;

    Rollouts(
            TenantTransactions transactions,
            RolloutRepository rollouts,
            OtaRepository releases,
            DeviceRegistry devices,
            RolloutEngine engine,
            AuditLog audit,
            Clock clock) {
        this.transactions = transactions;
        this.rollouts = rollouts;
        this.releases = releases;
        this.devices = devices;
        this.engine = engine;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a running rollout; its first ring is offered the release on the scheduler's next pass. */
    public Rollout create(Caller caller, NewRollout request) {
        validate(request);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return transactions.inTenant(caller.tenant(), () -> {
            Release release = releases.release(caller.tenant(), request.release())
                    .orElseThrow(() -> new InvalidInputException(
                            "ota.rollout.unknown-release", "releaseId", "no release " + request.release()));
            if (release.state() != ReleaseState.PUBLISHED) {
                throw new ConflictException(
                        "ota.rollout.release-not-published",
                        "release " + release.id() + " is " + release.state().wireName() + "; only a published release"
                                + " can be rolled out");
            }
            var id = new RolloutId(Uuid7.next(clock));
            List<Device> chosen = targets(caller, request, release);
            if (chosen.isEmpty()) {
                throw new InvalidInputException(
                        "ota.rollout.no-targets",
                        "group",
                        "no active device of model " + release.model() + " hardware revision "
                                + release.hardwareRevision() + " matches the target");
            }
            // a stable shuffle: the canary ring is a sample of the fleet, not the devices first in name order
            chosen.sort(Comparator.comparing((Device device) -> order(id, device)));
            List<Integer> sizes = sizes(request.rings(), chosen.size());
            List<Target> targets = new ArrayList<>(chosen.size());
            int index = 0;
            for (int ring = 0; ring < sizes.size(); ring++) {
                for (int i = 0; i < sizes.get(ring); i++) {
                    Device device = chosen.get(index++);
                    targets.add(
                            new Target(device.id(), ring, device.attributes().getOrDefault(TIME_ZONE, "UTC")));
                }
            }
            var rollout = new Rollout(
                    caller.tenant(),
                    id,
                    release.id(),
                    request.group(),
                    request.attributes(),
                    request.bakeTime(),
                    request.approvalBetweenRings(),
                    request.window(),
                    request.maxFailureRatio(),
                    request.installTimeout(),
                    request.markGoodDeadline(),
                    request.onBreach(),
                    RolloutState.RUNNING,
                    null,
                    0,
                    null,
                    null,
                    now,
                    caller.operator().toString(),
                    caller.operatorName(),
                    now,
                    List.of());
            rollouts.insert(rollout, request.rings(), sizes, targets);
            var details = new TreeMap<String, String>();
            details.put("release", release.id().toString());
            details.put("version", release.version());
            details.put("devices", String.valueOf(targets.size()));
            details.put("rings", request.rings().toString());
            details.put("onBreach", request.onBreach().wireName());
            if (request.group() != null) {
                details.put("group", request.group());
            }
            audit.append(caller.audit("ota.rollout-created", "rollout:" + id).withDetails(details));
            return rollout.withRings(rollouts.progress(caller.tenant(), id));
        });
    }

    public Rollout get(Caller caller, RolloutId id) {
        return transactions.readInTenant(
                caller.tenant(),
                () -> rollouts.rollout(caller.tenant(), id)
                        .map(found -> found.withRings(rollouts.progress(caller.tenant(), id)))
                        .orElseThrow(() -> notFound(id)));
    }

    public Page<Rollout> list(Caller caller, PageRequest page) {
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        rollouts.rollouts(caller.tenant(), page.after(), page.limit() + 1).stream()
                                .map(found -> found.withRings(rollouts.progress(caller.tenant(), found.id())))
                                .toList(),
                        page.limit(),
                        rollout -> rollout.id().toString()));
    }

    /**
     * Lets a rollout waiting between rings start the next one. The approver must not be the operator who created it
     * (two-person rule); the next ring is offered on the scheduler's next pass.
     */
    public Rollout approve(Caller caller, RolloutId id) {
        return change(caller, id, rollout -> {
            if (rollout.state() != RolloutState.AWAITING_APPROVAL) {
                throw notIn(rollout, "approved", "awaiting-approval");
            }
            if (rollout.createdBy().equals(caller.operator().toString())) {
                throw new ForbiddenException(
                        "ota.rollout.two-person-rule",
                        "the next ring of a rollout must be approved by an operator other than its creator, "
                                + rollout.createdByName());
            }
            int next = rollout.currentRing() + 1;
            Instant now = now();
            rollouts.approveRing(caller.tenant(), id, next, caller.operator().toString(), now);
            audit.append(caller.audit("ota.rollout-approved", "rollout:" + id)
                    .withDetails(Map.of("ring", String.valueOf(next))));
            engine.startRing(rollout, next, now, caller.operator().toString());
        });
    }

    /** Stops offering the update; devices already offered it carry on. */
    public Rollout pause(Caller caller, RolloutId id) {
        return change(caller, id, rollout -> {
            if (rollout.state() == RolloutState.PAUSED) {
                return;
            }
            if (rollout.state() != RolloutState.RUNNING && rollout.state() != RolloutState.AWAITING_APPROVAL) {
                throw notIn(rollout, "paused", "running or awaiting-approval");
            }
            rollouts.update(
                    caller.tenant(),
                    id,
                    RolloutState.PAUSED,
                    rollout.state(),
                    rollout.currentRing(),
                    "paused by " + caller.operatorName(),
                    null,
                    now());
            audit.append(caller.audit("ota.rollout-paused", "rollout:" + id));
        });
    }

    /**
     * Continues a paused rollout where it stopped. The failures its current ring has seen so far are accepted: only
     * further ones count against the ring's failure ratio.
     */
    public Rollout resume(Caller caller, RolloutId id) {
        return change(caller, id, rollout -> {
            if (rollout.state() != RolloutState.PAUSED) {
                throw notIn(rollout, "resumed", "paused");
            }
            int failures = rollouts.counts(caller.tenant(), id, rollout.currentRing()).entrySet().stream()
                    .filter(entry -> entry.getKey().failure())
                    .mapToInt(Map.Entry::getValue)
                    .sum();
            rollouts.acceptFailures(caller.tenant(), id, rollout.currentRing(), failures);
            RolloutState back = rollout.pausedFrom() == null ? RolloutState.RUNNING : rollout.pausedFrom();
            rollouts.update(caller.tenant(), id, back, null, rollout.currentRing(), null, null, now());
            audit.append(caller.audit("ota.rollout-resumed", "rollout:" + id)
                    .withDetails(Map.of("acceptedFailures", String.valueOf(failures))));
        });
    }

    /** Stops the rollout for good: devices not yet offered the update never are. */
    public Rollout abort(Caller caller, RolloutId id) {
        return change(caller, id, rollout -> {
            if (rollout.state().finished()) {
                throw notIn(rollout, "aborted", "running, awaiting-approval, paused or rolling-back");
            }
            Instant now = now();
            int cancelled = rollouts.cancelPending(caller.tenant(), id, 0, now);
            rollouts.update(
                    caller.tenant(),
                    id,
                    RolloutState.ABORTED,
                    null,
                    rollout.currentRing(),
                    "aborted by " + caller.operatorName(),
                    rollout.rollbackRelease(),
                    now);
            audit.append(caller.audit("ota.rollout-aborted", "rollout:" + id)
                    .withDetails(Map.of("cancelled", String.valueOf(cancelled))));
        });
    }

    private Rollout change(Caller caller, RolloutId id, java.util.function.Consumer<Rollout> transition) {
        return transactions.inTenant(caller.tenant(), () -> {
            if (!rollouts.lock(caller.tenant(), id)) {
                throw notFound(id);
            }
            transition.accept(rollouts.rollout(caller.tenant(), id).orElseThrow());
            return rollouts.rollout(caller.tenant(), id)
                    .orElseThrow()
                    .withRings(rollouts.progress(caller.tenant(), id));
        });
    }

    private List<Device> targets(Caller caller, NewRollout request, Release release) {
        List<Device> chosen = new ArrayList<>();
        devices.forEach(caller.tenant(), device -> {
            if (device.state() == DeviceState.ACTIVE
                    && release.model().equals(device.attributes().get("model"))
                    && release.hardwareRevision().equals(device.attributes().get("hardwareRevision"))
                    && (request.group() == null || device.groups().contains(request.group()))
                    && request.attributes().entrySet().stream()
                            .allMatch(wanted ->
                                    wanted.getValue().equals(device.attributes().get(wanted.getKey())))) {
                chosen.add(device);
            }
        });
        return chosen;
    }

    /**
     * How many devices each ring takes: the cumulative share of {@code total}, rounded up, every ring but an empty
     * fleet's getting at least one device more than the last while any are left.
     */
    static List<Integer> sizes(List<Integer> percents, int total) {
        List<Integer> sizes = new ArrayList<>();
        int assigned = 0;
        for (int percent : percents) {
            int upTo = (int) Math.min(total, Math.ceilDiv((long) total * percent, 100));
            upTo = Math.max(upTo, Math.min(total, assigned + 1));
            sizes.add(upTo - assigned);
            assigned = upTo;
        }
        return sizes;
    }

    private static String order(RolloutId id, Device device) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((id + "/" + device.id().value()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void validate(NewRollout request) {
        List<Integer> rings = request.rings();
        if (rings.isEmpty() || rings.size() > 20) {
            throw new InvalidInputException("ota.rollout.invalid", "rings", "1 to 20 rings");
        }
        int last = 0;
        for (int percent : rings) {
            if (percent <= last || percent > 100) {
                throw new InvalidInputException(
                        "ota.rollout.invalid",
                        "rings",
                        "rings are rising cumulative percentages from 1 to 100, such as 1,10,50,100");
            }
            last = percent;
        }
        if (last != 100) {
            throw new InvalidInputException("ota.rollout.invalid", "rings", "the last ring is 100 (everyone)");
        }
        if (request.maxFailureRatio() < 0 || request.maxFailureRatio() > 1 || Double.isNaN(request.maxFailureRatio())) {
            throw new InvalidInputException("ota.rollout.invalid", "maxFailureRatio", "a ratio from 0 to 1");
        }
        positive("bakeTime", request.bakeTime(), true);
        positive("installTimeout", request.installTimeout(), false);
        positive("markGoodDeadline", request.markGoodDeadline(), false);
        if (request.group() != null && request.group().isBlank()) {
            throw new InvalidInputException("ota.rollout.invalid", "group", "a group name is not blank");
        }
        if (request.group() == null && request.attributes().isEmpty()) {
            // model and hardware revision alone would target a whole product line: ask for it explicitly
            throw new InvalidInputException(
                    "ota.rollout.invalid", "group", "a rollout targets a group or at least one attribute");
        }
    }

    private static void positive(String field, Duration value, boolean zeroAllowed) {
        if (value.isNegative() || (!zeroAllowed && value.isZero()) || value.compareTo(Duration.ofDays(366)) > 0) {
            throw new InvalidInputException(
                    "ota.rollout.invalid",
                    field,
                    field + " is " + (zeroAllowed ? "0" : "more than 0") + " to 366 days");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ConflictException notIn(Rollout rollout, String verb, String states) {
        return new ConflictException(
                "ota.rollout.wrong-state",
                "rollout " + rollout.id() + " is " + rollout.state().wireName() + "; only a rollout " + states
                        + " can be " + verb);
    }

    private static NotFoundException notFound(RolloutId id) {
        return new NotFoundException("ota.rollout.not-found", "no rollout " + id);
    }
}
