package dev.palisade.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code palisade token …}: API tokens. */
@Command(
        name = "token",
        description = "List, create and revoke API tokens.",
        mixinStandardHelpOptions = true,
        subcommands = {
            TokenCommand.ListTokens.class,
            TokenCommand.Create.class,
            TokenCommand.Revoke.class,
            BreakGlassCommand.class
        })
final class TokenCommand {

    private static final Map<String, String> TOKEN = Output.columns(
            "Name", "name",
            "Role", "role",
            "Id", "id",
            "Operator", "operatorId",
            "Expires", "expiresAt",
            "Revoked", "revokedAt");

    @Command(
            name = "list",
            description = "List your tokens (all of the tenant's with tokens:read).",
            mixinStandardHelpOptions = true)
    static final class ListTokens implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--operator", paramLabel = "OPERATOR_ID", description = "Only this operator's tokens.")
        @Nullable
        String operator;

        @Mixin
        Listing listing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var filters = new java.util.HashMap<String, @Nullable String>();
            filters.put("operatorId", operator);
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get(listing.path("/api/v1/tokens", filters)), TOKEN);
            return 0;
        }
    }

    @Command(
            name = "create",
            description = {"Create a token.", "Prints it once; keep it safe."},
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "NAME", description = "What the token is for, for example ci-pipeline.")
        String name = "";

        @Option(names = "--role", description = "Role (default: the operator's); never stronger than your own.")
        @Nullable
        String role;

        @Option(
                names = "--expires-in",
                paramLabel = "DURATION",
                description = "ISO-8601 duration, for example P30D or PT12H.")
        @Nullable
        String expiresIn;

        @Option(
                names = "--operator",
                paramLabel = "OPERATOR_ID",
                description = "Create it for another operator (tokens:manage).")
        @Nullable
        String operator;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Write the token to FILE (mode 0600) instead of printing it.")
        @Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (role != null) {
                body.put("role", role);
            }
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn);
            }
            if (operator != null) {
                body.put("operatorId", operator);
            }
            JsonNode created = client.client().post("/api/v1/tokens", body);
            var output = new Output(spec.commandLine().getOut(), client.json);
            if (client.json && out == null) {
                output.raw(created);
                return 0;
            }
            output.fields(created.path("token"), TOKEN);
            Secrets.show(
                    spec.commandLine().getOut(), "Token", created.path("secret").asString(""), out);
            return 0;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a token; it stops working at once.",
            mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "TOKEN_ID")
        String tokenId = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var revoked = client.client().post("/api/v1/tokens/" + tokenId + "/revoke", Map.of());
            new Output(spec.commandLine().getOut(), client.json).fields(revoked, TOKEN);
            return 0;
        }
    }
}
