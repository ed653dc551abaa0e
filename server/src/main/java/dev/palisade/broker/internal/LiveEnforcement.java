package dev.palisade.broker.internal;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a change of what devices may do to their live sessions, at once: each session's policy is compiled again
 * from memory and replaced, so the next PUBLISH, SUBSCRIBE or delivery is decided on the new one; a session that may
 * no longer connect is closed ("not authorized", no will), and subscriptions the new policy would refuse are removed.
 */
public final class LiveEnforcement {

    private static final Logger log = LoggerFactory.getLogger(LiveEnforcement.class);

    private final ConnectedDevices sessions;
    private final DeviceAuthenticator authenticator;
    private final PalisadeExtension extension;
    private final FleetMemory fleet;

    public LiveEnforcement(
            ConnectedDevices sessions,
            DeviceAuthenticator authenticator,
            PalisadeExtension extension,
            FleetMemory fleet) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.extension = extension;
        this.fleet = fleet;
    }

    /**
     * What a change did to live sessions.
     *
     * @param closed sessions closed because they may no longer connect
     * @param recompiled sessions that go on under a new policy
     */
    public record Outcome(int closed, int recompiled) {}

    /** Applies the current facts to the sessions of {@code clientIds} (those not connected are skipped). */
    public Outcome reapply(Collection<String> clientIds, String reason) {
        int closed = 0;
        int recompiled = 0;
        for (String clientId : clientIds) {
            var session = sessions.session(clientId);
            if (session.isEmpty()) {
                continue;
            }
            var identity = session.get().device().identity();
            switch (authenticator.compile(identity)) {
                case SessionPolicies.Outcome.Compiled compiled
                when compiled.policy().compiled().mayConnect(identity.device().value()) -> {
                    if (sessions.replacePolicy(clientId, compiled.policy())) {
                        recompiled++;
                        pruneSubscriptions(clientId, session.get().mount(), compiled.policy());
                    }
                }
                default -> {
                    sessions.disconnected(clientId);
                    extension.disconnect(clientId, reason);
                    closed++;
                }
            }
        }
        return new Outcome(closed, recompiled);
    }

    /**
     * Applies a change of {@code changedPolicies} to the sessions of {@code clientIds} it concerns: those compiled from
     * one of them, and those of devices to which one of them applies now (it was attached to them or their group).
     * The others keep their policy untouched, so a change to one group's policy costs nothing to the rest of a tenant.
     */
    public Outcome reapplyConcerned(Collection<String> clientIds, Set<String> changedPolicies, String reason) {
        return reapply(
                clientIds.stream()
                        .filter(clientId -> concerned(clientId, changedPolicies))
                        .toList(),
                reason);
    }

    private boolean concerned(String clientId, Set<String> changedPolicies) {
        var session = sessions.session(clientId);
        if (session.isEmpty()) {
            return false;
        }
        for (String source : session.get().policy().sources()) {
            int version = source.lastIndexOf('@');
            if (version > 0 && changedPolicies.contains(source.substring(0, version))) {
                return true;
            }
        }
        var identity = session.get().device().identity();
        return fleet.device(identity.tenant(), identity.device())
                .map(device ->
                        fleet.policies(identity.tenant()).applyingTo(device.id().value(), device.groups()).stream()
                                .anyMatch(policy -> changedPolicies.contains(policy.name())))
                .orElse(true);
    }

    private void pruneSubscriptions(String clientId, TopicMount mount, SessionPolicy policy) {
        CompletableFuture<?> pruned = extension.subscriptions(clientId).thenCompose(subscriptions -> {
            Set<String> forbidden = subscriptions.stream()
                    .filter(filter -> mount.unmountFilter(filter)
                            .map(own -> !policy.compiled().maySubscribe(own))
                            .orElse(true))
                    .collect(Collectors.toSet());
            if (forbidden.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            log.info("Removing {} subscription(s) of {} that its policy no longer allows", forbidden.size(), clientId);
            return extension.unsubscribe(clientId, forbidden);
        });
        pruned.exceptionally(failure -> {
            // deliveries are checked against the new policy anyway: a subscription left behind carries nothing
            log.warn("Could not remove the forbidden subscriptions of {}: {}", clientId, failure.getMessage());
            return null;
        });
    }
}
