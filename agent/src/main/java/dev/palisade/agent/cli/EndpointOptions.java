package dev.palisade.agent.cli;

import dev.palisade.agent.Endpoints;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Palisade is, and the root the device trusts. */
final class EndpointOptions {

    @Option(names = "--host", defaultValue = "localhost", description = "Palisade's host (default: ${DEFAULT-VALUE}).")
    String host = "localhost";

    @Option(
            names = "--est-port",
            defaultValue = "9443",
            description = "Device HTTPS (EST) port (default: ${DEFAULT-VALUE}).")
    int estPort;

    @Option(names = "--mqtt-port", defaultValue = "8883", description = "MQTT broker port (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(
            names = "--root",
            required = true,
            paramLabel = "FILE",
            description = "The offline root's certificate (PEM).")
    Path root = Path.of("root.pem");

    Endpoints endpoints() throws IOException {
        return new Endpoints(
                host, estPort, mqttPort, PemFiles.certificates(root).getFirst());
    }
}
