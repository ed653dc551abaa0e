package dev.palisade.broker;

import dev.palisade.accesspolicy.AccessPolicies;
import dev.palisade.accesspolicy.AccessPoliciesChanged;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DevicesChanged;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.AfterCommit;
import dev.palisade.tenancy.TenantDirectory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Keeps the broker's memory of the fleet current: every device and every tenant's policies are loaded once at start
 * (after the PKI's revocations, so that no CONNECT is decided on half the facts), and each committed change of a
 * device or a policy is applied to memory and then to the live sessions it concerns, on the committing thread: the
 * API call that quarantines a device or changes a policy returns once the sessions follow it.
 */
@Component
@Order(30)
class FleetSync implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FleetSync.class);

    private final EmbeddedBroker broker;
    private final DeviceRegistry devices;
    private final AccessPolicies policies;
    private final TenantDirectory tenants;
    /** One lock per tenant: a reload reads the database inside it, so the last one stored is the newest. */
    private final ConcurrentMap<TenantId, Object> policyLocks = new ConcurrentHashMap<>();

    FleetSync(EmbeddedBroker broker, DeviceRegistry devices, AccessPolicies policies, TenantDirectory tenants) {
        this.broker = broker;
        this.devices = devices;
        this.policies = policies;
        this.tenants = tenants;
    }

    @Override
    public void run(ApplicationArguments args) {
        long started = System.nanoTime();
        for (TenantId tenant : tenants.all()) {
            devices.forEach(tenant, broker.fleet()::remember);
            reloadPolicies(tenant);
        }
        broker.fleet().markLoaded();
        log.info(
                "MQTT broker holds {} device(s) in memory (loaded in {} ms)",
                broker.fleet().deviceCount(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Once the change commits; not a durable event publication: {@link #run} reloads this memory at every start. */
    @EventListener
    void on(DevicesChanged changed) {
        AfterCommit.run("a device change to the MQTT broker", () -> {
            changed.devices().forEach(broker.fleet()::remember);
            var outcome = broker.reapply(
                    changed.tenant(), changed.devices().stream().map(Device::id).toList(), "device changed");
            report(outcome, "a device change");
        });
    }

    @EventListener
    void on(AccessPoliciesChanged changed) {
        AfterCommit.run("a change of policies to the MQTT broker", () -> {
            reloadPolicies(changed.tenant());
            report(
                    broker.reapply(changed.tenant(), changed.policies(), "policy changed"),
                    "a change of policies " + changed.policies());
        });
    }

    private void reloadPolicies(TenantId tenant) {
        synchronized (policyLocks.computeIfAbsent(tenant, key -> new Object())) {
            broker.fleet().policies(tenant, policies.snapshot(tenant));
        }
    }

    private static void report(dev.palisade.broker.internal.LiveEnforcement.Outcome outcome, String cause) {
        if (outcome.closed() > 0 || outcome.recompiled() > 0) {
            log.info(
                    "Applied {} to live MQTT sessions: {} closed, {} under a new policy",
                    cause,
                    outcome.closed(),
                    outcome.recompiled());
        }
    }
}
