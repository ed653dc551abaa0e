package dev.palisade.cli;

import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.deviceapi.DeviceEndpoints;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palisade demo}: start the control plane on the embedded defaults, take a simulated fleet through its lifecycle
 * ({@link DemoTour}), then keep the server running for exploration.
 */
@Command(
        name = "demo",
        description = {
            "Start Palisade on the embedded defaults, take a simulated fleet through its lifecycle, and show how to explore"
                    + " it.",
            "Keeps running until Ctrl-C unless --exit is given."
        },
        mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Option(names = "--exit", description = "Stop after the tour instead of keeping the server running.")
    boolean exit;

    @Option(
            names = "--devices",
            defaultValue = "200",
            description = "Devices in the simulated fleet (default: ${DEFAULT-VALUE}).")
    int devices;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        var server = ServerLauncher.start(options, out);
        if (devices < 2 || devices > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--devices must be between 2 and 10000");
        }
        var client = ApiClient.forDataDirectory(options.dataDirectory(), null, null);
        Path tenantToken = options.dataDirectory().resolve("demo-tenant-token");
        new DemoTour(
                        client,
                        "localhost",
                        server.getBean(DeviceEndpoints.class).ports().https(),
                        server.getBean(EmbeddedBroker.class).port(),
                        out)
                .run(devices, tenantToken);
        var whoAmI = client.get("/api/v1/whoami");
        out.println();
        out.printf(
                Locale.ROOT,
                "The admin token authenticates as operator '%s' (role %s) in tenant '%s'.%n",
                whoAmI.path("operatorName").asString(),
                whoAmI.path("role").asString(),
                whoAmI.path("tenant").path("slug").asString());
        out.println("Explore:");
        out.println("  ./palisade device list --token-file " + tenantToken + "      (the demo tenant's fleet)");
        out.println("  ./palisade session list --token-file " + tenantToken);
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
