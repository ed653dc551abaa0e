package dev.palisade.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palisade demo}: start the control plane on the embedded defaults and show how to reach it. The simulated
 * fleet that walks through the device lifecycle joins once the device side exists; until then the demo starts the
 * server, shows who the admin token belongs to, and keeps running for exploration.
 */
@Command(
        name = "demo",
        description = {
            "Start Palisade on the embedded defaults and show how to explore it.",
            "Keeps running until Ctrl-C unless --exit is given."
        },
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Option(names = "--exit", description = "Stop after the tour instead of keeping the server running.")
    boolean exit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var server = ServerLauncher.start(options, out);
        var client = ApiClient.forDataDirectory(options.dataDirectory(), null, null);
        var whoAmI = client.get("/api/v1/whoami");
        out.println();
        out.printf(
                Locale.ROOT,
                "The admin token authenticates as operator '%s' (role %s) in tenant '%s'.%n",
                whoAmI.path("operatorName").asString(),
                whoAmI.path("role").asString(),
                whoAmI.path("tenant").path("slug").asString());
        out.println("Explore:");
        out.println("  ./palisade tenant create acme --display-name \"Acme Meters\"");
        out.println("  ./palisade token list");
        out.println("  ./palisade audit verify");
        out.flush();
        if (exit) {
            server.close();
            return 0;
        }
        return ServeCommand.KEEP_RUNNING;
    }
}
