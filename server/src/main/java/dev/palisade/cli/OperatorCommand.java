package dev.palisade.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade operator …}: operators of your tenant. */
@Command(
        name = "operator",
        description = "List and manage the operators of your tenant.",
        mixinStandardHelpOptions = true,
        subcommands = {OperatorCommand.ListOperators.class, OperatorCommand.Create.class, OperatorCommand.Update.class})
final class OperatorCommand {

    private static final Map<String, String> OPERATOR =
            Output.columns("Name", "name", "Role", "role", "Disabled", "disabled", "Id", "id", "Created", "createdAt");

    @Command(name = "list", description = "List operators.", mixinStandardHelpOptions = true)
    static final class ListOperators implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        Listing listing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get(listing.path("/api/v1/operators")), OPERATOR);
            return 0;
        }
    }

    @Command(name = "create", description = "Add an operator.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME")
        String name = "";

        @Option(
                names = "--role",
                required = true,
                description = "admin, security-engineer, release-manager, auditor or viewer.")
        String role = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var created = client.client().post("/api/v1/operators", Map.of("name", name, "role", role));
            new Output(spec.commandLine().getOut(), client.json).fields(created, OPERATOR);
            return 0;
        }
    }

    @Command(
            name = "update",
            description = "Change an operator's role, or disable or enable it.",
            mixinStandardHelpOptions = true)
    static final class Update implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "OPERATOR_ID")
        String operatorId = "";

        @Option(names = "--role", description = "New role.")
        @Nullable
        String role;

        @ArgGroup(exclusive = true)
        @Nullable
        State state;

        static final class State {
            @Option(names = "--disable", description = "Disable the operator; its tokens stop working.")
            boolean disable;

            @Option(names = "--enable", description = "Enable the operator again.")
            boolean enable;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> change = new LinkedHashMap<>();
            if (role != null) {
                change.put("role", role);
            }
            if (state != null) {
                change.put("disabled", state.disable);
            }
            var updated = client.client().patch("/api/v1/operators/" + operatorId, change);
            new Output(spec.commandLine().getOut(), client.json).fields(updated, OPERATOR);
            return 0;
        }
    }
}
