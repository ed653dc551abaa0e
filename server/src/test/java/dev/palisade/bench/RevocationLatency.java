package dev.palisade.bench;

import dev.palisade.shared.SecretFiles;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.TestApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * From the operator's API call to the device seeing its connection closed. First {@code devices} devices are revoked
 * one after another ({@code POST /devices/{id}/revoke-certificates}), each timed from just before the request is sent
 * to the moment its own client reads the end of its connection; then the fleet's issuing CA is revoked ({@code POST
 * /ca/{id}/revoke}) with {@code sessions} more sessions live, timed to the last of them closed.
 */
@SuppressForbidden("prints its figures and progress on the standard streams")
final class RevocationLatency {

    private static final int THREADS = 8;
    private static final long DEVICE_TIMEOUT_SECONDS = 30;
    private static final long CA_TIMEOUT_SECONDS = 300;

    private RevocationLatency() {}

    /** {@code <fleet-dir> <port> <api-port> <api-certificate> <devices> <sessions>} */
    static void run(String[] args) throws Exception {
        var target = new MqttLoad.Target(Path.of(args[0]), Integer.parseInt(args[1]));
        var api = new TestApi("https://localhost:" + Integer.parseInt(args[2]), Path.of(args[3]));
        int single = Integer.parseInt(args[4]);
        int sessions = Integer.parseInt(args[5]);
        String token = SecretFiles.readString(target.fleetDir().resolve(FleetIssuance.TOKEN));
        String caId = facts(target.fleetDir()).getProperty("ca-id");
        List<Fleet.Device> devices = target.devices(0, single + sessions);
        MqttTlsClient client = target.client();
        var sourcesOf = MqttLoad.sources();

        expect(api.get("/api/v1/whoami", token), 200); // the API's connection and code paths warmed up
        var connections = new SocketChannel[devices.size()];
        double rate = Throughput.run(THREADS, 0, devices.size(), i -> {
            try {
                connections[i] = client.connect(devices.get(i), sourcesOf.get(i % sourcesOf.size()), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        System.err.printf(Locale.ROOT, "%,d sessions connected (%,.0f/s)%n", devices.size(), rate);

        try (var watch = new DisconnectWatch(connections)) {
            long[] latencies = new long[single];
            long[] answers = new long[single];
            for (int i = 0; i < single; i++) {
                long sent = System.nanoTime();
                expect(
                        api.post(
                                "/api/v1/devices/" + devices.get(i).id() + "/revoke-certificates",
                                token,
                                Map.of("reason", "key-compromise")),
                        200);
                answers[i] = System.nanoTime() - sent;
                long closed = watch.awaitClosed(i, TimeUnit.SECONDS.toNanos(DEVICE_TIMEOUT_SECONDS));
                latencies[i] = closed - sent;
            }
            int others = watch.closedAmong(single, devices.size());
            if (others != 0) {
                throw new IllegalStateException(others + " sessions of devices not revoked were closed");
            }
            printDistribution("revoke-device", latencies, answers);

            long sent = System.nanoTime();
            expect(api.post("/api/v1/ca/" + caId + "/revoke", token, Map.of("reason", "ca-compromise")), 200);
            long answered = System.nanoTime() - sent;
            long[] closedAt =
                    watch.awaitAllClosed(single, devices.size(), sent + TimeUnit.SECONDS.toNanos(CA_TIMEOUT_SECONDS));
            long[] sinceCall =
                    Arrays.stream(closedAt).map(at -> at < 0 ? -1 : at - sent).toArray();
            long closedCount = Arrays.stream(sinceCall).filter(at -> at >= 0).count();
            long[] closedOnly =
                    Arrays.stream(sinceCall).filter(at -> at >= 0).sorted().toArray();
            System.out.printf(
                    Locale.ROOT,
                    "result revoke-ca sessions=%d closed=%d api-answer-ms=%.0f first-ms=%.0f median-ms=%.0f"
                            + " last-ms=%.0f%n",
                    sessions,
                    closedCount,
                    answered / 1e6,
                    closedOnly.length == 0 ? -1 : closedOnly[0] / 1e6,
                    closedOnly.length == 0 ? -1 : closedOnly[closedOnly.length / 2] / 1e6,
                    closedOnly.length == 0 ? -1 : closedOnly[closedOnly.length - 1] / 1e6);
        }
    }

    private static void printDistribution(String name, long[] latencies, long[] answers) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long[] answered = answers.clone();
        Arrays.sort(answered);
        System.out.printf(
                Locale.ROOT,
                "result %s devices=%d p50-ms=%.1f p90-ms=%.1f p99-ms=%.1f max-ms=%.1f api-answer-p50-ms=%.1f"
                        + " api-answer-p99-ms=%.1f%n",
                name,
                sorted.length,
                percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6,
                percentile(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6,
                percentile(answered, 50) / 1e6,
                percentile(answered, 99) / 1e6);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void expect(ApiResponse response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException(
                    "expected " + status + ", got " + response.status() + ": " + response.rawBody());
        }
    }

    private static Properties facts(Path fleetDir) throws IOException {
        var facts = new Properties();
        try (InputStream in = Files.newInputStream(fleetDir.resolve(FleetIssuance.FACTS))) {
            facts.load(in);
        }
        return facts;
    }
}
