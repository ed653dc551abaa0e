package dev.palisade.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code palisade recall …}: the recall list; a recalled device id or serial never registers. */
@Command(
        name = "recall",
        description = "Recall devices by id or serial so that they never register, and lift recalls.",
        mixinStandardHelpOptions = true,
        subcommands = {RecallCommand.Add.class, RecallCommand.Lift.class, RecallCommand.ListRecalls.class})
final class RecallCommand {

    private static final Map<String, String> RECALL =
            Output.columns("Kind", "kind", "Value", "value", "Reason", "reason", "Since", "createdAt");

    /** A device id or a serial, exactly one. */
    static final class Target {
        @Option(names = "--device", description = "A device id.")
        @Nullable
        String device;

        @Option(names = "--serial", description = "A manufacturer's serial number.")
        @Nullable
        String serial;

        String path() {
            return device != null ? "device/" + device : "serial/" + serial;
        }
    }

    @Command(
            name = "add",
            description = "Put a device id or serial on the recall list.",
            mixinStandardHelpOptions = true)
    static final class Add implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @ArgGroup(multiplicity = "1")
        Target target = new Target();

        @Option(names = "--reason", description = "Why, for the audit log.")
        @Nullable
        String reason;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> body = new HashMap<>();
            if (reason != null) {
                body.put("reason", reason);
            }
            client.client().put("/api/v1/recalls/" + target.path(), body);
            spec.commandLine().getOut().println("recalled " + target.path().replace('/', ' '));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "lift",
            description = "Take a device id or serial off the recall list.",
            mixinStandardHelpOptions = true)
    static final class Lift implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @ArgGroup(multiplicity = "1")
        Target target = new Target();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            client.client().delete("/api/v1/recalls/" + target.path());
            spec.commandLine()
                    .getOut()
                    .println("lifted the recall of " + target.path().replace('/', ' '));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the recall list.", mixinStandardHelpOptions = true)
    static final class ListRecalls implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode listed = client.client().get("/api/v1/recalls");
            new Output(spec.commandLine().getOut(), client.json)
                    .table(PolicyCommand.items(listed.path("recalls")), RECALL);
            return 0;
        }
    }
}
