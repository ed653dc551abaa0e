package dev.palisade.agent.cli;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.KeyOrigin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code palisade-agent run}: the device's MQTT life with its operational certificate: connects, publishes a
 * measurement every interval, reports each state change, and ends with exit code 3 once the broker refuses it. When
 * the server orders a wipe (the device was decommissioned), it destroys its credentials, in the token or in the
 * directory, before acknowledging the order, and ends with exit code 6.
 */
@Command(
        name = "run",
        description = "Connect with the operational certificate and publish telemetry until stopped or refused.",
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @Mixin
    EndpointOptions endpoint = new EndpointOptions();

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--id", required = true, description = "The device's id.")
    String id = "";

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Where enrol left device.pem (and device.key).")
    Path dir = Path.of(".");

    @Option(
            names = "--interval",
            defaultValue = "PT5S",
            description = "Time between measurements (default: ${DEFAULT-VALUE}).")
    Duration interval = Duration.ofSeconds(5);

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many measurements (default: never).")
    long count;

    @Spec
    @Nullable
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var printed = AgentMain.out(spec);
        DeviceCredential credential = credential();
        DeviceAgent agent = new DeviceAgent(
                id,
                credential,
                endpoint.endpoints(),
                (device, state, why) -> {
                    printed.printf(Locale.ROOT, "%s: %s%n", state.name().toLowerCase(Locale.ROOT), why);
                    printed.flush();
                },
                this::destroyCredentials);
        try (agent) {
            try {
                agent.connect().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                if (agent.state() == AgentState.REFUSED) {
                    return AgentMain.REFUSED;
                }
                AgentMain.err(spec).println("palisade-agent: cannot connect: " + e.getMessage());
                return AgentMain.UNREACHABLE;
            }
            for (long sent = 0; count == 0 || sent < count; sent++) {
                if (agent.state() == AgentState.REFUSED) {
                    return AgentMain.REFUSED;
                }
                if (agent.state() == AgentState.WIPED) {
                    return AgentMain.WIPED;
                }
                String reading = String.format(Locale.ROOT, "{\"seq\":%d}", sent);
                var outcome = agent.publishTelemetry("status", reading.getBytes(StandardCharsets.UTF_8))
                        .get(30, TimeUnit.SECONDS);
                printed.printf(
                        Locale.ROOT, "telemetry %d: %s%n", sent, outcome.name().toLowerCase(Locale.ROOT));
                printed.flush();
                Thread.sleep(interval.toMillis());
            }
            return switch (agent.state()) {
                case REFUSED -> AgentMain.REFUSED;
                case WIPED -> AgentMain.WIPED;
                default -> 0;
            };
        }
    }

    /** The wipe: the key and certificate go wherever they are kept; without them the device can only be re-made. */
    private void destroyCredentials() throws Exception {
        if (!keyOptions.softwareKey) {
            keyOptions.token().destroy(id);
        }
        Files.deleteIfExists(dir.resolve("device.key"));
        Files.deleteIfExists(dir.resolve("device.pem"));
    }

    private DeviceCredential credential() throws Exception {
        if (keyOptions.softwareKey) {
            return new DeviceCredential(
                    PemFiles.privateKey(dir.resolve("device.key")),
                    PemFiles.certificates(dir.resolve("device.pem")),
                    KeyOrigin.SOFTWARE);
        }
        return keyOptions
                .token()
                .credential(id)
                .orElseThrow(() ->
                        new IllegalArgumentException("the token holds no credential for " + id + "; enrol first"));
    }
}
