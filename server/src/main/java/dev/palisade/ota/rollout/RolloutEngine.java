package dev.palisade.ota.rollout;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.identity.DeviceId;
import dev.palisade.ota.Release;
import dev.palisade.ota.ReleaseId;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import dev.palisade.ota.rollout.internal.RolloutRepository.Offer;
import dev.palisade.ota.rollout.internal.RolloutRepository.Ring;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Advances rollouts, one pass at a time, from what the database holds and the instant it is given: dispatches offers
 * to connected devices in their windows, expires devices past their deadlines, judges the ring, bakes it and moves to
 * the next, and acts on a breach. It keeps nothing in memory between passes, so any instance over the same database
 * (after a restart, or on another node) continues exactly where the last one stopped. Every transition is audited.
 */
@Service
public class RolloutEngine {

    private static final Logger log = LoggerFactory.getLogger(RolloutEngine.class);
    static final Actor ACTOR = Actor.system("ota-rollouts");
    private static final int CLAIM = 20;
    private static final int DISPATCH_BATCH = 5000;

    private final TenantTransactions transactions;
    private final RolloutRepository rollouts;
    private final OtaRepository releases;
    private final EmbeddedBroker broker;
    private final AuditLog audit;
    private final ObjectProvider<RolloutHealthCheck> healthChecks;

    RolloutEngine(
            TenantTransactions transactions,
            RolloutRepository rollouts,
            OtaRepository releases,
            EmbeddedBroker broker,
            AuditLog audit,
            ObjectProvider<RolloutHealthCheck> healthChecks) {
        this.transactions = transactions;
        this.rollouts = rollouts;
        this.releases = releases;
        this.broker = broker;
        this.audit = audit;
        this.healthChecks = healthChecks;
    }

    /**
     * One pass over the tenant's running rollouts as of {@code now}: those another pass holds are skipped. Returns how
     * many devices were offered an update.
     */
    public int advance(TenantId tenant, Instant now) {
        return transactions.inTenant(tenant, () -> {
            int offered = 0;
            for (RolloutId id : rollouts.claimActive(tenant, CLAIM)) {
                offered += process(tenant, id, now);
            }
            return offered;
        });
    }

    /** Advances one rollout now, waiting for a pass that holds it; used when a device reports a failure. */
    public int advance(TenantId tenant, RolloutId id, Instant now) {
        return transactions.inTenant(tenant, () -> rollouts.lock(tenant, id) ? process(tenant, id, now) : 0);
    }

    private int process(TenantId tenant, RolloutId id, Instant now) {
        Rollout rollout = rollouts.rollout(tenant, id).orElseThrow();
        return switch (rollout.state()) {
            case RUNNING -> running(rollout, now);
            case ROLLING_BACK -> rollingBack(rollout, now);
            case AWAITING_APPROVAL, PAUSED, ROLLED_BACK, COMPLETED, ABORTED -> 0;
        };
    }

    private int running(Rollout rollout, Instant now) {
        TenantId tenant = rollout.tenant();
        List<Ring> rings = rollouts.rings(tenant, rollout.id());
        Ring ring = rings.get(rollout.currentRing());
        List<DeviceId> expired = rollouts.expire(
                tenant, rollout.id(), ring.ring(), now, rollout.installTimeout(), rollout.markGoodDeadline());
        if (!expired.isEmpty()) {
            record(
                    rollout,
                    "ota.rollout-devices-expired",
                    Map.of(
                            "ring", String.valueOf(ring.ring()),
                            "devices", String.valueOf(expired.size()),
                            "first", expired.getFirst().value()));
        }
        String breach = breach(rollout, ring, now);
        if (breach != null) {
            return breached(rollout, ring, breach, now);
        }
        int offered = dispatch(rollout, ring.ring(), now, true);
        Map<DeviceUpdateState, Integer> counts = rollouts.counts(tenant, rollout.id(), ring.ring());
        int settled = counts.entrySet().stream()
                .filter(entry -> entry.getKey().settled())
                .mapToInt(Map.Entry::getValue)
                .sum();
        if (settled < ring.devices()) {
            return offered;
        }
        Instant settledAt = ring.settledAt();
        if (settledAt == null) {
            rollouts.settleRing(tenant, rollout.id(), ring.ring(), now);
            record(rollout, "ota.rollout-ring-settled", Map.of("ring", String.valueOf(ring.ring())));
            settledAt = now;
        }
        if (now.isBefore(settledAt.plus(rollout.bakeTime()))) {
            return offered;
        }
        int next = ring.ring() + 1;
        if (next >= rings.size()) {
            rollouts.update(tenant, rollout.id(), RolloutState.COMPLETED, null, ring.ring(), null, null, now);
            record(rollout, "ota.rollout-completed", Map.of("ring", String.valueOf(ring.ring())));
            return offered;
        }
        if (rollout.approvalBetweenRings()) {
            rollouts.update(tenant, rollout.id(), RolloutState.AWAITING_APPROVAL, null, ring.ring(), null, null, now);
            record(rollout, "ota.rollout-awaiting-approval", Map.of("nextRing", String.valueOf(next)));
            return offered;
        }
        startRing(rollout, next, now, ACTOR.id());
        return offered + running(rollouts.rollout(tenant, rollout.id()).orElseThrow(), now);
    }

    /** Moves the rollout on to {@code ring} and audits it. Runs in the caller's transaction, the rollout locked. */
    void startRing(Rollout rollout, int ring, Instant now, String by) {
        rollouts.startRing(rollout.tenant(), rollout.id(), ring, now);
        rollouts.update(rollout.tenant(), rollout.id(), RolloutState.RUNNING, null, ring, null, null, now);
        record(rollout, "ota.rollout-ring-started", Map.of("ring", String.valueOf(ring), "by", by));
    }

    private @org.jspecify.annotations.Nullable String breach(Rollout rollout, Ring ring, Instant now) {
        Map<DeviceUpdateState, Integer> counts = rollouts.counts(rollout.tenant(), rollout.id(), ring.ring());
        int failures = counts.entrySet().stream()
                        .filter(entry -> entry.getKey().failure())
                        .mapToInt(Map.Entry::getValue)
                        .sum()
                - ring.acceptedFailures();
        if (failures > 0 && ring.devices() > 0 && (double) failures / ring.devices() > rollout.maxFailureRatio()) {
            return failures + " of " + ring.devices() + " devices of ring " + ring.ring()
                    + " failed, above the maximum failure ratio " + rollout.maxFailureRatio();
        }
        Map<DeviceId, Instant> offered = rollouts.offered(rollout.tenant(), rollout.id(), ring.ring());
        if (offered.isEmpty()) {
            return null;
        }
        Instant since = ring.startedAt() == null ? now : ring.startedAt();
        for (RolloutHealthCheck check : healthChecks.orderedStream().toList()) {
            List<HealthSignal> signals = check.signals(rollout.tenant(), rollout.id(), offered.keySet(), since);
            if (!signals.isEmpty()) {
                HealthSignal first = signals.getFirst();
                return "health signal from " + first.source() + " on " + first.device() + ": " + first.detail();
            }
        }
        return null;
    }

    private int breached(Rollout rollout, Ring ring, String why, Instant now) {
        TenantId tenant = rollout.tenant();
        record(rollout, "ota.rollout-breached", Map.of("ring", String.valueOf(ring.ring()), "reason", why));
        switch (rollout.onBreach()) {
            case PAUSE -> {
                pause(rollout, why, now);
                return 0;
            }
            case ABORT -> {
                rollouts.cancelPending(tenant, rollout.id(), 0, now);
                rollouts.update(tenant, rollout.id(), RolloutState.ABORTED, null, ring.ring(), why, null, now);
                record(rollout, "ota.rollout-aborted", Map.of("reason", why));
                return 0;
            }
            case ROLLBACK -> {
                return rollBack(rollout, ring, why, now);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private void pause(Rollout rollout, String why, Instant now) {
        rollouts.update(
                rollout.tenant(),
                rollout.id(),
                RolloutState.PAUSED,
                RolloutState.RUNNING,
                rollout.currentRing(),
                why,
                null,
                now);
        record(rollout, "ota.rollout-paused", Map.of("reason", why));
    }

    private int rollBack(Rollout rollout, Ring ring, String why, Instant now) {
        TenantId tenant = rollout.tenant();
        Release current = releases.release(tenant, rollout.release()).orElseThrow();
        var previous =
                rollouts.previousPublished(tenant, rollout.release()).flatMap(id -> releases.release(tenant, id));
        if (previous.isEmpty()) {
            pause(rollout, why + "; rollback refused: no earlier published release of " + target(current), now);
            return 0;
        }
        OptionalLong floor =
                releases.securityFloor(tenant, current.model(), current.hardwareRevision(), current.tier());
        if (floor.isPresent() && previous.get().securityVersion() < floor.getAsLong()) {
            pause(
                    rollout,
                    why + "; rollback refused: the previous release "
                            + previous.get().version()
                            + " has security version " + previous.get().securityVersion()
                            + ", below the anti-rollback floor " + floor.getAsLong(),
                    now);
            return 0;
        }
        // cancel first: the redirected devices become pending again and must not be cancelled with the others
        rollouts.cancelPending(tenant, rollout.id(), 0, now);
        int redirected = rollouts.redirect(
                tenant, rollout.id(), ring.ring(), previous.get().id(), now);
        rollouts.update(
                tenant,
                rollout.id(),
                RolloutState.ROLLING_BACK,
                null,
                ring.ring(),
                why,
                previous.get().id(),
                now);
        record(
                rollout,
                "ota.rollout-rolling-back",
                Map.of(
                        "ring", String.valueOf(ring.ring()),
                        "devices", String.valueOf(redirected),
                        "toRelease", previous.get().id().toString(),
                        "toVersion", previous.get().version(),
                        "reason", why));
        return rollingBack(rollouts.rollout(tenant, rollout.id()).orElseThrow(), now);
    }

    /**
     * Offers the previous release to the breached ring's devices, windows or not: the rollback is urgent. The rollout
     * is rolled back once every redirected device has settled on the previous release: confirmed it (good), failed
     * it, or missed the install timeout or mark-good deadline, which count as unconfirmed. Until then it stays
     * rolling-back, so that a rollback nobody confirmed is not reported as done.
     */
    private int rollingBack(Rollout rollout, Instant now) {
        TenantId tenant = rollout.tenant();
        int offered = dispatch(rollout, -1, now, false);
        if (!rollouts.pending(tenant, rollout.id(), -1, 1).isEmpty()) {
            return offered;
        }
        int ring = rollout.currentRing();
        rollouts.expire(tenant, rollout.id(), ring, now, rollout.installTimeout(), rollout.markGoodDeadline());
        Map<DeviceUpdateState, Integer> counts = rollouts.counts(tenant, rollout.id(), ring);
        if (counts.keySet().stream().anyMatch(state -> !state.settled())) {
            return offered;
        }
        int confirmed = counts.getOrDefault(DeviceUpdateState.GOOD, 0);
        int unconfirmed = counts.entrySet().stream()
                .filter(entry -> entry.getKey().failure())
                .mapToInt(Map.Entry::getValue)
                .sum();
        rollouts.update(
                tenant,
                rollout.id(),
                RolloutState.ROLLED_BACK,
                null,
                ring,
                rollout.reason(),
                rollout.rollbackRelease(),
                now);
        record(
                rollout,
                "ota.rollout-rolled-back",
                Map.of(
                        "ring", String.valueOf(ring),
                        "confirmed", String.valueOf(confirmed),
                        "unconfirmed", String.valueOf(unconfirmed)));
        return offered;
    }

    /**
     * Offers their release to the pending devices of {@code ring} (all rings when negative) that are connected now and,
     * if {@code inWindow}, inside their maintenance window; marks them dispatched. Devices not connected stay pending
     * for a later pass. Waits until the broker took every offer.
     */
    private int dispatch(Rollout rollout, int ring, Instant now, boolean inWindow) {
        if (!broker.isRunning()) {
            return 0;
        }
        TenantId tenant = rollout.tenant();
        Map<ReleaseId, Release> released = new HashMap<>();
        int total = 0;
        String after = "";
        while (true) {
            // by keyset: devices left pending (not connected, outside their window) must not hide those after them
            List<Offer> batch = rollouts.pending(tenant, rollout.id(), ring, after, DISPATCH_BATCH);
            if (batch.isEmpty()) {
                return total;
            }
            after = batch.getLast().device().value();
            List<DeviceId> sent = new ArrayList<>();
            List<CompletableFuture<Void>> published = new ArrayList<>();
            for (Offer offer : batch) {
                if (broker.connected(tenant, offer.device()).isEmpty()) {
                    continue;
                }
                MaintenanceWindow window = rollout.window();
                ZoneId zone = MaintenanceWindow.zoneOf(offer.timeZone());
                if (inWindow && window != null && !window.contains(now, zone)) {
                    continue;
                }
                Release release = released.computeIfAbsent(
                        offer.release(), id -> releases.release(tenant, id).orElseThrow());
                published.add(broker.publish(
                        tenant,
                        UpdateOffer.topic(offer.device().value()),
                        UpdateOffer.of(release, rollout.id()).toBytes()));
                sent.add(offer.device());
            }
            awaitAll(published);
            if (!sent.isEmpty()) {
                rollouts.markDispatched(tenant, rollout.id(), sent, now.truncatedTo(ChronoUnit.MICROS));
                record(
                        rollout,
                        "ota.rollout-dispatched",
                        Map.of(
                                "ring", ring < 0 ? "rollback" : String.valueOf(ring),
                                "devices", String.valueOf(sent.size()),
                                "first", sent.getFirst().value()));
            }
            total += sent.size();
            if (batch.size() < DISPATCH_BATCH) {
                return total;
            }
        }
    }

    private static void awaitAll(List<CompletableFuture<Void>> published) {
        try {
            CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // at least once: an offer the broker did not take is repeated by the install timeout's failure, not lost
            log.warn("Not every update offer was taken by the broker: {}", String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(Rollout rollout, String action, Map<String, String> details) {
        audit.append(AuditEntry.succeeded(
                        rollout.tenant(), ACTOR, action, "rollout:" + rollout.id(), "rollout-" + rollout.id())
                .withDetails(details));
    }

    private static String target(Release release) {
        return release.tier().wireName() + "/" + release.model() + "/" + release.hardwareRevision();
    }
}
