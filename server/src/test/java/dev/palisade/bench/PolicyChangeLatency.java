package dev.palisade.bench;

import dev.palisade.shared.SecretFiles;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.TestApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * From an operator's policy change to live sessions following it. All {@code sessions} devices are put in group
 * {@code bench}, whose policy allows them to connect; then
 *
 * <ul>
 *   <li>the group's policy is saved {@code changes} times, alternating two documents that both allow connecting: each
 *       call answers once every session of the group runs under the new version (the broker applies the change on the
 *       committing thread), checked on a device picked at random after each change;
 *   <li>{@code single} devices are moved, one after another, into group {@code barred} whose policy does not allow
 *       connecting, each timed from the request to its client reading the end of its connection.
 * </ul>
 */
@SuppressForbidden("prints its figures and progress on the standard streams")
final class PolicyChangeLatency {

    private static final int THREADS = 8;
    private static final long DEVICE_TIMEOUT_SECONDS = 30;
    private static final String ALLOW = """
            {"statements": [
              {"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]},
              {"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/telemetry/%s/#"]}]}""";
    private static final String BARRED = """
            {"statements": [{"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/x"]}]}""";

    private PolicyChangeLatency() {}

    /** {@code <fleet-dir> <port> <api-port> <api-certificate> <sessions> <changes> <single>} */
    static void run(String[] args) throws Exception {
        var target = new MqttLoad.Target(Path.of(args[0]), Integer.parseInt(args[1]));
        var api = new TestApi("https://localhost:" + Integer.parseInt(args[2]), Path.of(args[3]));
        int sessions = Integer.parseInt(args[4]);
        int changes = Integer.parseInt(args[5]);
        int single = Math.min(Integer.parseInt(args[6]), sessions);
        String token = SecretFiles.readString(target.fleetDir().resolve(FleetIssuance.TOKEN));
        List<Fleet.Device> devices = target.devices(0, sessions);

        expect(api.putRaw("/api/v1/policies/bench", token, ALLOW.formatted("a"), Map.of()), 201);
        expect(api.put("/api/v1/policies/bench/attachments/group/bench", token, Map.of()), 201);
        expect(api.putRaw("/api/v1/policies/barred", token, BARRED, Map.of()), 201);
        expect(api.put("/api/v1/policies/barred/attachments/group/barred", token, Map.of()), 201);
        Throughput.run(
                THREADS,
                0,
                devices.size(),
                i -> expect(
                        api.patch("/api/v1/devices/" + devices.get(i).id(), token, Map.of("groups", List.of("bench"))),
                        200));
        System.err.printf(Locale.ROOT, "%,d devices in group bench%n", devices.size());

        MqttTlsClient client = target.client();
        var sourcesOf = MqttLoad.sources();
        var connections = new SocketChannel[devices.size()];
        Throughput.run(THREADS, 0, devices.size(), i -> {
            try {
                connections[i] = client.connect(devices.get(i), sourcesOf.get(i % sourcesOf.size()), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        System.err.printf(Locale.ROOT, "%,d sessions connected%n", devices.size());

        try (var watch = new DisconnectWatch(connections)) {
            var random = new SplittableRandom(42);
            long[] applied = new long[changes];
            for (int i = 0; i < changes; i++) {
                long sent = System.nanoTime();
                ApiResponse saved =
                        api.putRaw("/api/v1/policies/bench", token, ALLOW.formatted(i % 2 == 0 ? "b" : "a"), Map.of());
                applied[i] = System.nanoTime() - sent;
                expect(saved, 200);
                int version = saved.body().path("policy").path("version").asInt();
                String sample = devices.get(random.nextInt(devices.size())).id();
                String policies = api.get("/api/v1/devices/" + sample + "/session", token)
                        .body()
                        .path("policies")
                        .toString();
                if (!policies.contains("bench@" + version)) {
                    throw new IllegalStateException(sample + " runs under " + policies + ", not bench@" + version);
                }
            }
            if (watch.closedAmong(0, devices.size()) != 0) {
                throw new IllegalStateException("a change that allows connecting closed sessions");
            }
            print("policy-change", applied, applied);

            long[] closed = new long[single];
            long[] answers = new long[single];
            for (int i = 0; i < single; i++) {
                long sent = System.nanoTime();
                expect(
                        api.patch("/api/v1/devices/" + devices.get(i).id(), token, Map.of("groups", List.of("barred"))),
                        200);
                answers[i] = System.nanoTime() - sent;
                closed[i] = watch.awaitClosed(i, TimeUnit.SECONDS.toNanos(DEVICE_TIMEOUT_SECONDS)) - sent;
            }
            int others = watch.closedAmong(single, devices.size());
            if (others != 0) {
                throw new IllegalStateException(others + " sessions of devices not moved were closed");
            }
            print("policy-close", closed, answers);
        }
    }

    private static void print(String name, long[] latencies, long[] answers) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long[] answered = answers.clone();
        Arrays.sort(answered);
        System.out.printf(
                Locale.ROOT,
                "result %s count=%d p50-ms=%.1f p90-ms=%.1f p99-ms=%.1f max-ms=%.1f api-answer-p50-ms=%.1f"
                        + " api-answer-p99-ms=%.1f%n",
                name,
                sorted.length,
                RevocationLatency.percentile(sorted, 50) / 1e6,
                RevocationLatency.percentile(sorted, 90) / 1e6,
                RevocationLatency.percentile(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6,
                RevocationLatency.percentile(answered, 50) / 1e6,
                RevocationLatency.percentile(answered, 99) / 1e6);
    }

    private static void expect(ApiResponse response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException(
                    "expected " + status + ", got " + response.status() + ": " + response.rawBody());
        }
    }
}
