package dev.palisade.cli;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --reason} option of the commands that revoke, and the request body it makes; the server checks it. */
final class RevocationReasonOption {

    @Option(
            names = "--reason",
            paramLabel = "REASON",
            description =
                    "RFC 5280 reason, for example key-compromise, ca-compromise or superseded (default unspecified).")
    @Nullable
    String reason;

    /** The body of a revocation request: the reason when one was given, otherwise nothing (the server's default). */
    Map<String, Object> body() {
        var body = new HashMap<String, Object>();
        if (reason != null) {
            body.put("reason", reason);
        }
        return body;
    }
}
