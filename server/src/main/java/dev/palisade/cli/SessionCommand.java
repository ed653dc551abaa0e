package dev.palisade.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade session …}: live MQTT sessions of your tenant. */
@Command(
        name = "session",
        description = "See who is connected to the MQTT broker, and disconnect a device.",
        mixinStandardHelpOptions = true,
        subcommands = {SessionCommand.ListSessions.class, SessionCommand.Disconnect.class})
final class SessionCommand {

    private static final Map<String, String> SESSION = Output.columns(
            "Device",
            "deviceId",
            "Since",
            "connectedSince",
            "Address",
            "address",
            "Serial",
            "certificateSerial",
            "Policies",
            "policies",
            "Quarantined",
            "quarantined");

    @Command(name = "list", description = "List live sessions.", mixinStandardHelpOptions = true)
    static final class ListSessions implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var sessions = client.client().get("/api/v1/sessions");
            new Output(spec.commandLine().getOut(), client.json)
                    .table(PolicyCommand.items(sessions.path("sessions")), SESSION);
            return 0;
        }
    }

    @Command(
            name = "disconnect",
            description = "Close a device's session now (it may reconnect unless quarantined or revoked).",
            mixinStandardHelpOptions = true)
    static final class Disconnect implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "DEVICE_ID")
        String id = "";

        @Option(names = "--reason", description = "Recorded in the audit log.")
        @Nullable
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String query = reason == null ? "" : "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8);
            client.client().delete("/api/v1/devices/" + id + "/session" + query);
            spec.commandLine().getOut().println("disconnected " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
