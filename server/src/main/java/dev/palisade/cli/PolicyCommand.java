package dev.palisade.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code palisade policy …}: the tenant's MQTT access policies (see docs/policies.md). */
@Command(
        name = "policy",
        description = "Save, attach and inspect MQTT access policies.",
        mixinStandardHelpOptions = true,
        subcommands = {
            PolicyCommand.Put.class,
            PolicyCommand.Show.class,
            PolicyCommand.ListPolicies.class,
            PolicyCommand.Attach.class,
            PolicyCommand.Detach.class,
            PolicyCommand.Delete.class,
            PolicyCommand.Lint.class
        })
final class PolicyCommand {

    private static final Map<String, String> POLICY = Output.columns(
            "Name", "name", "Version", "version", "Description", "description", "Attached to", "attachedTo");
    private static final Map<String, String> FINDING =
            Output.columns("Severity", "severity", "Code", "code", "Where", "pointer", "Finding", "message");

    @Command(
            name = "put",
            description = "Save a policy document as the newest version of NAME (creates it the first time).",
            mixinStandardHelpOptions = true)
    static final class Put implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name = "";

        @Option(names = "--file", required = true, description = "The JSON document.")
        Path file = Path.of("");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode saved = client.client()
                    .putDocument("/api/v1/policies/" + name, Files.readString(file, StandardCharsets.UTF_8));
            var output = new Output(spec.commandLine().getOut(), client.json);
            output.fields(saved.path("policy"), POLICY);
            if (!client.json && !saved.path("lint").isEmpty()) {
                output.table(items(saved.path("lint")), FINDING);
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show a policy and its document.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name = "";

        @Option(names = "--at-version", description = "An older version (the newest by default).")
        @Nullable
        Integer version;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode policy =
                    client.client().get("/api/v1/policies/" + name + (version == null ? "" : "?version=" + version));
            var output = new Output(spec.commandLine().getOut(), client.json);
            if (client.json) {
                output.raw(policy);
                return 0;
            }
            output.fields(policy.path("policy"), POLICY);
            output.raw(policy.path("document"));
            if (!policy.path("lint").isEmpty()) {
                output.table(items(policy.path("lint")), FINDING);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the tenant's policies.", mixinStandardHelpOptions = true)
    static final class ListPolicies implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode listed = client.client().get("/api/v1/policies");
            new Output(spec.commandLine().getOut(), client.json).table(items(listed.path("policies")), POLICY);
            return 0;
        }
    }

    /** A group or a device, exactly one. */
    static final class Target {
        @Option(names = "--group", description = "Every device in this group.")
        @Nullable
        String group;

        @Option(names = "--device", description = "One device.")
        @Nullable
        String device;

        String path() {
            return group != null ? "group/" + group : "device/" + device;
        }
    }

    /** Attach and detach: one policy, one group or device, a different request. */
    abstract static class AttachmentChange implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name = "";

        @ArgGroup(multiplicity = "1")
        Target target = new Target();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Sends the change for {@code path} and returns what to print, e.g. "attached meters to". */
        abstract String change(ApiClient api, String path) throws Exception;

        @Override
        public Integer call() throws Exception {
            String done = change(client.client(), "/api/v1/policies/" + name + "/attachments/" + target.path());
            spec.commandLine().getOut().println(done + " " + target.path().replace('/', ' '));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "attach",
            description = "Attach a policy to a group or a device; live sessions follow at once.",
            mixinStandardHelpOptions = true)
    static final class Attach extends AttachmentChange {
        @Override
        String change(ApiClient api, String path) throws Exception {
            api.put(path, Map.of());
            return "attached " + name + " to";
        }
    }

    @Command(
            name = "detach",
            description = "Detach a policy from a group or a device.",
            mixinStandardHelpOptions = true)
    static final class Detach extends AttachmentChange {
        @Override
        String change(ApiClient api, String path) throws Exception {
            api.delete(path);
            return "detached " + name + " from";
        }
    }

    @Command(
            name = "delete",
            description = "Delete a policy (detach it first); its versions stay on record.",
            mixinStandardHelpOptions = true)
    static final class Delete implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            client.client().delete("/api/v1/policies/" + name);
            spec.commandLine().getOut().println("deleted " + name);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "lint", description = "Check a document without saving it.", mixinStandardHelpOptions = true)
    static final class Lint implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--file", required = true, description = "The JSON document.")
        Path file = Path.of("");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode findings =
                    client.client().postDocument("/api/v1/policy-lint", Files.readString(file, StandardCharsets.UTF_8));
            new Output(spec.commandLine().getOut(), client.json).table(items(findings.path("findings")), FINDING);
            return 0;
        }
    }

    /** The shape {@link Output#table} prints: a page of items. */
    static JsonNode items(JsonNode array) {
        var page = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        page.set("items", array);
        return page;
    }
}
