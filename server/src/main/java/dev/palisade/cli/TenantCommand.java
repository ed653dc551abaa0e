package dev.palisade.cli;

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

/** {@code palisade tenant …}: the caller's tenant, and tenants of the installation for platform administrators. */
@Command(
        name = "tenant",
        description = "Show and manage tenants.",
        mixinStandardHelpOptions = true,
        subcommands = {TenantCommand.Show.class, TenantCommand.ListTenants.class, TenantCommand.Create.class})
final class TenantCommand {

    private static final Map<String, String> TENANT = Output.columns(
            "Slug", "slug", "Name", "displayName", "Id", "id", "Platform", "platform", "Created", "createdAt");

    @Command(
            name = "show",
            description = "Show your tenant, or one by id (platform administrators).",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(arity = "0..1", paramLabel = "TENANT_ID")
        @Nullable
        String tenantId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode tenant = client.client().get(tenantId == null ? "/api/v1/tenant" : "/api/v1/tenants/" + tenantId);
            new Output(spec.commandLine().getOut(), client.json).fields(tenant, TENANT);
            return 0;
        }
    }

    @Command(
            name = "list",
            description = "List all tenants (platform administrators).",
            mixinStandardHelpOptions = true)
    static final class ListTenants implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Mixin
        Listing listing;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get(listing.path("/api/v1/tenants")), TENANT);
            return 0;
        }
    }

    @Command(
            name = "create",
            description = {
                "Create a tenant with its first administrator (platform administrators).",
                "Prints the administrator's token once; keep it safe."
            },
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "SLUG", description = "Short unique name, for example acme-meters.")
        String slug = "";

        @Option(names = "--display-name", required = true, description = "Human-readable name.")
        String displayName = "";

        @Option(names = "--admin-name", description = "Name of the first administrator (default: admin).")
        @Nullable
        String adminName;

        @Option(
                names = "--token-out",
                paramLabel = "FILE",
                description = "Write the admin token to FILE (mode 0600) instead of printing it.")
        java.nio.file.@Nullable Path tokenOut;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("slug", slug);
            body.put("displayName", displayName);
            if (adminName != null) {
                body.put("adminName", adminName);
            }
            JsonNode created = client.client().post("/api/v1/tenants", body);
            var out = new Output(spec.commandLine().getOut(), client.json);
            if (client.json) {
                out.raw(created);
                return 0;
            }
            out.fields(created.path("tenant"), TENANT);
            Secrets.show(
                    spec.commandLine().getOut(),
                    "Admin token of " + slug,
                    created.path("adminToken").path("secret").asString(""),
                    tokenOut);
            return 0;
        }
    }
}
