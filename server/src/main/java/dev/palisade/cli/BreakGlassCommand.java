package dev.palisade.cli;

import dev.palisade.PalisadeApplication;
import dev.palisade.shared.DataDirectory;
import dev.palisade.tenancy.BreakGlass;
import dev.palisade.tenancy.IssuedToken;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code palisade token break-glass}: a new administrator token for the platform tenant, issued directly through the
 * database, for when no working administrator token is left. Whoever can read the data directory (or holds the
 * database credentials) can do this anyway; the command makes it a recorded act instead of database surgery.
 */
@Command(
        name = "break-glass",
        description = {
            "Issue a new administrator token for the platform tenant when no working one is left.",
            "Works directly on the installation's database (the server may be running or stopped); the token is"
                    + " written to the admin token file (or --out) and the act is recorded in the audit log with"
                    + " your user name."
        },
        mixinStandardHelpOptions = true)
final class BreakGlassCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the token here instead of the admin token file.")
    @Nullable
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> properties = new LinkedHashMap<>(options.properties());
        properties.put("spring.main.web-application-type", "none");
        properties.put("palisade.database.embedded-ownership", "share");
        properties.put("logging.level.dev.palisade", "warn");
        properties.put("palisade.device-api.enabled", "false");
        // a server may be running on this data directory: its broker holds the broker's data
        properties.put("palisade.broker.enabled", "false");
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        var application = new SpringApplication(PalisadeApplication.class);
        application.setLogStartupInfo(false);
        try (ConfigurableApplicationContext context = application.run(arguments)) {
            String user = System.getProperty("user.name", "unknown");
            IssuedToken token = context.getBean(BreakGlass.class).issueAdminToken(user);
            Path file = out != null ? out : new DataDirectory(options.dataDirectory()).adminTokenFile();
            Secrets.show(
                    spec.commandLine().getOut(),
                    "Administrator token (" + token.token().id() + ")",
                    token.secret(),
                    file);
        }
        return 0;
    }
}
