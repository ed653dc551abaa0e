package dev.palisade.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options of commands that talk to a running server. */
final class ClientOptions {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Data directory of a local server (default: ./palisade-data).")
    @Nullable
    Path dataDir;

    @Option(names = "--server", paramLabel = "URL", description = "Server address (default: the local server's).")
    @Nullable
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "File with the API token (default: PALISADE_TOKEN, then the admin token).")
    @Nullable
    Path tokenFile;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM certificate(s) to trust for the server.")
    @Nullable
    Path caCert;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    ApiClient client() throws IOException {
        return ApiClient.create(DataDirectories.resolve(dataDir), server, tokenFile, caCert);
    }
}
