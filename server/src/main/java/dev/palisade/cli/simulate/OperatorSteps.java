package dev.palisade.cli.simulate;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.cli.simulate.FleetOperator.CaRotation;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** What the operator does to the fleet through the API, timed to its effect on the devices. */
final class OperatorSteps {

    /** How long a revoked device's live session is waited for to close. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** How long a revoked device is waited for to be refused on reconnecting (its backoff comes first). */
    private static final Duration REFUSAL_WAIT = Duration.ofSeconds(30);

    /** How long after the old CA's retirement the renewed devices are given before they are counted. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private static final int NOTED = 3;

    private OperatorSteps() {}

    /**
     * Revokes the picked devices one after another, each timed from the API call to the moment its agent saw its live
     * session end; then each device's reconnect must be refused (at CONNACK or in TLS).
     */
    static void revoke(Run run, Step.Revoke step, StepResult result) throws IOException, InterruptedException {
        List<String> devices = run.pick(step.pick());
        List<Duration> toClosed = new ArrayList<>();
        List<Duration> calls = new ArrayList<>();
        for (String id : devices) {
            run.watch.arm(id);
            long start = System.nanoTime();
            run.operator.revoke(id, step.reason());
            calls.add(Duration.ofNanos(System.nanoTime() - start));
            @Nullable Long closedAt = run.watch.awaitClosed(id, CLOSE_WAIT);
            if (closedAt != null) {
                toClosed.add(Duration.ofNanos(closedAt - start));
            } else {
                result.note(id + ": its session was still open " + Durations.text(CLOSE_WAIT) + " after the call");
            }
        }
        long refused = 0;
        for (String id : devices) {
            if (run.watch.awaitState(run.fleet, id, AgentState.REFUSED, REFUSAL_WAIT)) {
                refused++;
                if (refused <= NOTED) {
                    result.note(id + " reconnected and was refused: "
                            + run.fleet
                                    .agent(id)
                                    .flatMap(agent -> agent.refusal())
                                    .orElse("(no reason)"));
                }
            } else {
                result.note(id + " was not refused on reconnecting within " + Durations.text(REFUSAL_WAIT));
            }
        }
        Latencies latencies = Latencies.of(toClosed);
        Latencies api = Latencies.of(calls);
        result.count("devices", devices.size())
                .count("sessions-closed", toClosed.size())
                .figure("latency-p50-ms", latencies.p50(), "ms")
                .figure("latency-p99-ms", latencies.p99(), "ms")
                .figure("latency-max-ms", latencies.max(), "ms")
                .figure("api-call-p50-ms", api.p50(), "ms")
                .count("reconnect-refused", refused)
                .expectCount("closed", toClosed.size(), devices.size())
                .expectCount("reconnect-refused", refused, devices.size());
    }

    /**
     * A new issuing CA, signed by the offline root and imported; then every device not refused (connected, or reconnecting) renews over EST while
     * both CAs are trusted and must come back with a certificate of the new CA (and the new CA in its chain); with
     * {@code retire-old} the old CA is retired and the renewed devices must stay connected.
     */
    static void rotateCa(Run run, Step.RotateCa step, StepResult result) throws IOException, InterruptedException {
        List<String> devices = run.active(null);
        long rotationStart = System.nanoTime();
        CaRotation rotation = run.operator.rotateCa();
        double rotationSeconds = Durations.seconds(System.nanoTime() - rotationStart);
        run.say(
                "new issuing CA %s active; %,d devices renew",
                rotation.newCa().getSubjectX500Principal(), devices.size());

        List<Duration> renewals = Collections.synchronizedList(new ArrayList<>());
        List<String> renewed = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        Parallel.each(
                devices,
                step.parallel(),
                id -> {
                    long began = System.nanoTime();
                    DeviceCredential credential = run.fleet.renew(id);
                    renewals.add(Duration.ofNanos(System.nanoTime() - began));
                    if (issuedBy(credential, rotation.newCa())) {
                        renewed.add(id);
                    } else {
                        failures.add(id + ": renewed, but not under the new CA");
                    }
                },
                (id, failure) -> failures.add(id + ": " + failure.getMessage()));
        double seconds = Durations.seconds(System.nanoTime() - start);
        Latencies latencies = Latencies.of(renewals);
        result.count("devices", devices.size())
                .count("renewed-onto-new-ca", renewed.size())
                .count("failed", failures.size())
                .figure("rotation-seconds", rotationSeconds, "s")
                .figure("seconds", seconds, "s")
                .figure("renewals-per-second", renewals.size() / seconds, "/s")
                .figure("renewal-p50-ms", latencies.p50(), "ms")
                .figure("renewal-p99-ms", latencies.p99(), "ms");
        failures.stream().limit(NOTED).forEach(result::note);
        if (step.retireOld()) {
            run.operator.retireCa(rotation.oldCaId());
            Thread.sleep(SETTLE);
            long stillConnected =
                    run.connected(null).stream().filter(renewed::contains).count();
            result.count("connected-after-retirement", stillConnected);
            result.note(String.format(
                    Locale.ROOT,
                    "old CA %s retired; %,d of %,d renewed devices still connected %s later",
                    rotation.oldCaId(),
                    stillConnected,
                    renewed.size(),
                    Durations.text(SETTLE)));
            result.expectCount("renewed", Math.min(renewed.size(), stillConnected), devices.size());
        } else {
            result.expectCount("renewed", renewed.size(), devices.size());
        }
    }

    /** Whether the credential is a certificate of {@code ca}, presented with {@code ca} as its chain. */
    private static boolean issuedBy(DeviceCredential credential, X509Certificate ca) {
        if (credential.chain().size() < 2 || !credential.chain().get(1).equals(ca)) {
            return false;
        }
        try {
            credential.certificate().verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
