package dev.palisade.cli;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.Outcome;
import dev.palisade.agent.attest.AttestationVerdict;
import dev.palisade.agent.attest.BootLogAttestation;
import dev.palisade.agent.sim.FleetSimulator;
import dev.palisade.agent.sim.SimulatedDevice;
import dev.palisade.cli.simulate.EndpointReadiness;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.SecretFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle tour of {@code palisade demo}, against a running server: a tenant of its own, a factory run of devices
 * with bootstrap certificates, a simulated fleet that enrols over EST and sends telemetry over MQTT, one device that
 * misbehaves and is refused by policy, its revocation timed to the moment its live session closes, and a summary.
 * Every figure it prints is measured in the run.
 */
final class DemoTour {

    /** How long the fleet's telemetry runs before the misbehaviour. */
    private static final Duration TRAFFIC = Duration.ofSeconds(6);

    private static final Duration TELEMETRY_INTERVAL = Duration.ofSeconds(1);

    private final ApiClient platform;
    private final String host;
    private final int estPort;
    private final int mqttPort;
    private final PrintWriter out;

    DemoTour(ApiClient platform, String host, int estPort, int mqttPort, PrintWriter out) {
        this.platform = platform;
        this.host = host;
        this.estPort = estPort;
        this.mqttPort = mqttPort;
        this.out = out;
    }

    /**
     * Runs the tour with {@code fleetSize} devices; the new tenant's administrator token goes to {@code tokenOut}
     * (owner-only), if given, so that the operator can explore the fleet afterwards.
     */
    DemoReport run(int fleetSize, @Nullable Path tokenOut) throws IOException, InterruptedException {
        String slug = "demo-" + UUID.randomUUID().toString().substring(0, 6);
        step("1. A tenant of its own: " + slug);
        JsonNode created = platform.post("/api/v1/tenants", Map.of("slug", slug, "displayName", "Demo fleet"));
        String tenantToken = created.path("adminToken").path("secret").asString();
        ApiClient tenant = platform.withToken(tenantToken);
        if (tokenOut != null) {
            SecretFiles.writeString(tokenOut, tenantToken);
        }
        X509Certificate root = awaitRoot(tenant);
        var endpoints = new Endpoints(host, estPort, mqttPort, root);
        EndpointReadiness.awaitTls(host, estPort, root, "device endpoint");
        EndpointReadiness.awaitTls(host, mqttPort, root, "MQTT broker");

        step(
                "2. The factory: manufacturer demo-factory registered with the tenant (its bootstrap CA and manifest key);\n"
                        + "   " + fleetSize
                        + " devices made, each with its own factory key and bootstrap certificate, listed in"
                        + " signed manifests (CMS) the tenant imports;\n   the reference values of their firmware"
                        + " registered for attestation");
        List<SimulatedDevice> devices = new DemoFactory(tenant).manufacture("demo-factory", "meter", fleetSize);

        step("3. Zero-touch: at first contact over EST (RFC 7030) each device passes the registration policy, is"
                + " registered\n   and gets its operational certificate in the same response; it connects over MQTT 5,"
                + " TLS 1.3");
        var watch = new SessionWatch();
        try (var fleet = new FleetSimulator(endpoints, slug, TELEMETRY_INTERVAL, watch)) {
            long enrolStart = System.nanoTime();
            fleet.start(devices, 16);
            Duration enrolment = Duration.ofNanos(System.nanoTime() - enrolStart);
            say(
                    "%s in %.1f s; %,d failed to enrol, %,d failed to connect",
                    fleet.progress(),
                    enrolment.toMillis() / 1000.0,
                    fleet.counters().enrolmentFailures(),
                    fleet.counters().connectFailures());
            List<DeviceCredential> credentials = devices.stream()
                    .map(device -> fleet.credential(device.id()))
                    .flatMap(Optional::stream)
                    .toList();
            long uniqueKeys = credentials.stream()
                    .map(credential -> credential.certificate().getPublicKey())
                    .distinct()
                    .count();
            long uniqueSerials = credentials.stream()
                    .map(credential -> credential.certificate().getSerialNumber())
                    .collect(Collectors.toSet())
                    .size();
            long connected = fleet.count(AgentState.CONNECTED);

            step("4. Attestation: each device signs its boot measurements over a fresh server nonce; the server"
                    + " compares them\n   with the reference values of model " + DemoFactory.MODEL
                    + " (one device was built with a modified kernel)");
            String tampered = devices.getLast().id();
            Attestations attestations = attest(endpoints, fleet, devices, tampered);
            say(
                    "%,d of %,d passed (signed boot logs); %s",
                    attestations.passed(),
                    attestations.attested(),
                    attestations.failures().isEmpty()
                            ? "none failed"
                            : "failed: " + String.join(", ", attestations.failures()));

            step("5. Telemetry flows: each device publishes a measurement every second on its own topic");
            long acknowledgedBefore = fleet.counters().acknowledged();
            long trafficStart = System.nanoTime();
            for (int second = 2; second <= TRAFFIC.toSeconds(); second += 2) {
                Thread.sleep(2_000);
                say("%s", fleet.progress());
            }
            long acknowledged = fleet.counters().acknowledged() - acknowledgedBefore;
            double perSecond = acknowledged / ((System.nanoTime() - trafficStart) / 1e9);
            say("%,.0f messages/s acknowledged by the broker", perSecond);

            DeviceAgent rogue = fleet.agents().stream()
                    .filter(agent -> agent.state() == AgentState.CONNECTED)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no device connected; the tour cannot go on"));
            String neighbour = devices.stream()
                    .map(SimulatedDevice::id)
                    .filter(id -> !id.equals(rogue.id()))
                    .findFirst()
                    .orElse("meter-9999");
            step("6. " + rogue.id() + " misbehaves: the broker refuses what its policy does not allow");
            List<Attempt> attempts = misbehave(rogue, neighbour);
            int refused = (int) attempts.stream()
                    .filter(a -> a.outcome() == Outcome.REFUSED)
                    .count();
            long serverRefusals = deniedCount(tenant.get("/api/v1/devices/" + rogue.id() + "/mqtt-metrics"));
            say("the broker counted %,d authorization refusals for %s", serverRefusals, rogue.id());

            watch.awaitConnected(rogue, Duration.ofSeconds(15));

            step("7. " + rogue.id() + " is revoked (key compromise); its live session is closed");
            watch.arm(rogue.id());
            long revokeStart = System.nanoTime();
            tenant.post("/api/v1/devices/" + rogue.id() + "/revoke-certificates", Map.of("reason", "key-compromise"));
            Duration call = Duration.ofNanos(System.nanoTime() - revokeStart);
            @Nullable Long closedAt = watch.awaitClosed(Duration.ofSeconds(10));
            @Nullable Duration toClosed = closedAt == null ? null : Duration.ofNanos(closedAt - revokeStart);
            if (toClosed != null) {
                say(
                        "session closed %.1f ms after the call (the call itself answered in %.1f ms)",
                        toClosed.toNanos() / 1e6, call.toNanos() / 1e6);
            } else {
                say("the session was NOT closed within 10 s");
            }
            @Nullable String reconnect = watch.awaitRefused(rogue, Duration.ofSeconds(15));
            say(
                    "the device tried to reconnect: %s",
                    reconnect == null ? "it was let in" : reconnect + "; it stopped and reports itself revoked");
            long stillConnected = fleet.count(AgentState.CONNECTED);

            var report = new DemoReport(
                    fleetSize,
                    fleet.counters().enrolled(),
                    connected,
                    uniqueKeys,
                    uniqueSerials,
                    enrolment,
                    attestations.attested(),
                    attestations.passed(),
                    acknowledged,
                    perSecond,
                    attempts.size(),
                    refused,
                    serverRefusals,
                    toClosed,
                    call,
                    reconnect,
                    stillConnected);
            summary(report, slug);
            return report;
        }
    }

    private record Attempt(String what, Outcome outcome) {}

    private record Attestations(long attested, long passed, List<String> failures) {}

    /**
     * Every enrolled device attests with a signed boot log, sixteen at a time; {@code tampered} reports a kernel
     * whose hash is not the reference's. The figures are the server's verdicts.
     */
    private Attestations attest(
            Endpoints endpoints, FleetSimulator fleet, List<SimulatedDevice> devices, String tampered)
            throws InterruptedException {
        var attested = new java.util.concurrent.atomic.AtomicLong();
        var passed = new java.util.concurrent.atomic.AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        var slots = new java.util.concurrent.Semaphore(16);
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (SimulatedDevice device : devices) {
                Optional<DeviceCredential> credential = fleet.credential(device.id());
                if (credential.isEmpty()) {
                    continue;
                }
                slots.acquire();
                threads.submit(() -> {
                    try {
                        Map<String, String> measured = new java.util.TreeMap<>(DemoFactory.MEASUREMENTS);
                        if (device.id().equals(tampered)) {
                            measured.put("kernel", "e3".repeat(32));
                        }
                        AttestationVerdict verdict =
                                new BootLogAttestation(endpoints, credential.get()).attest(device.id(), measured);
                        attested.incrementAndGet();
                        if (verdict.passed()) {
                            passed.incrementAndGet();
                        } else {
                            failures.add(device.id() + " (" + verdict.reason() + ")");
                        }
                    } catch (Exception e) {
                        failures.add(device.id() + " (no verdict: " + e.getMessage() + ")");
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return new Attestations(attested.get(), passed.get(), List.copyOf(failures));
    }

    private List<Attempt> misbehave(DeviceAgent rogue, String neighbour) throws InterruptedException {
        byte[] payload = "{\"power\":0}".getBytes(StandardCharsets.UTF_8);
        List<Attempt> attempts = new ArrayList<>();
        attempts.add(new Attempt("subscribe to every topic (#)", outcome(rogue.subscribe("#"))));
        attempts.add(new Attempt(
                "subscribe to " + neighbour + "'s commands",
                outcome(rogue.subscribe("devices/" + neighbour + "/commands/#"))));
        attempts.add(new Attempt("subscribe to the broker's $SYS topics", outcome(rogue.subscribe("$SYS/#"))));
        attempts.add(new Attempt(
                "publish its own telemetry, for comparison",
                outcome(rogue.publish("devices/" + rogue.id() + "/telemetry/power", payload))));
        // last: the broker ends the session of a device that publishes where it may not
        attempts.add(new Attempt(
                "publish to " + neighbour + "'s telemetry",
                outcome(rogue.publish("devices/" + neighbour + "/telemetry/power", payload))));
        for (Attempt attempt : attempts) {
            say("%-45s %s", attempt.what(), attempt.outcome());
        }
        return attempts;
    }

    private static Outcome outcome(CompletableFuture<Outcome> pending) throws InterruptedException {
        try {
            return pending.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Outcome.FAILED;
        }
    }

    private static long deniedCount(JsonNode metrics) {
        long total = 0;
        for (JsonNode count : metrics.path("denied")) {
            total += count.asLong();
        }
        return total;
    }

    private void summary(DemoReport report, String slug) {
        step("Security receipt for tenant " + slug);
        say("devices manufactured                 %,d", report.devices());
        say("enrolled over EST / connected        %,d / %,d", report.enrolled(), report.connected());
        say(
                "unique keys / unique serials         %,d / %,d (keys simulated, in memory)",
                report.uniqueKeys(), report.uniqueSerials());
        say(
                "attestation pass rate                %,d of %,d (%.1f %%, signed boot logs)",
                report.attestationPassed(),
                report.attested(),
                report.attested() == 0 ? 0.0 : 100.0 * report.attestationPassed() / report.attested());
        say(
                "telemetry acknowledged               %,d (%,.0f/s)",
                report.telemetryAcknowledged(), report.telemetryPerSecond());
        say(
                "misbehaviour refused by policy       %d of %d attempts (the one allowed: its own topic)",
                report.refusedAttempts(), report.attempts());
        say(
                "revocation to live session closed    %s",
                report.revocationToClosed() == null
                        ? "not closed"
                        : String.format(
                                Locale.ROOT,
                                "%.1f ms",
                                report.revocationToClosed().toNanos() / 1e6));
        say("its reconnect after revocation       %s", report.reconnectRefusal() == null ? "let in" : "refused");
        say("devices still connected              %,d", report.stillConnected());
        out.flush();
    }

    /**
     * The offline root, which devices trust. On a first start the automatic ceremony makes it moments after the
     * server is up, when the first issuing CA is needed: until then the API says it is missing.
     */
    static X509Certificate awaitRoot(ApiClient tenant) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return PemText.parseCertificates(
                                tenant.get("/api/v1/ca/root").path("pem").asString())
                        .getFirst();
            } catch (ApiClient.ApiFailure notYet) {
                if (!String.valueOf(notYet.getMessage()).contains("pki.root.missing") || System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(250);
            }
        }
    }

    private void step(String title) {
        out.println();
        out.println(title);
        out.flush();
    }

    private void say(String format, Object... arguments) {
        out.println("   " + String.format(Locale.ROOT, format, arguments));
        out.flush();
    }
}
