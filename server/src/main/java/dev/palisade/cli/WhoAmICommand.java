package dev.palisade.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code palisade whoami}: the operator, tenant and role behind the token in use. */
@Command(name = "whoami", description = "Show who the API token in use belongs to.", mixinStandardHelpOptions = true)
final class WhoAmICommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var me = client.client().get("/api/v1/whoami");
        new Output(spec.commandLine().getOut(), client.json)
                .fields(
                        me,
                        Output.columns(
                                "Operator", "operatorName",
                                "Role", "role",
                                "Tenant", "tenant.slug",
                                "Tenant id", "tenant.id",
                                "Token id", "tokenId",
                                "Permissions", "permissions"));
        return 0;
    }
}
