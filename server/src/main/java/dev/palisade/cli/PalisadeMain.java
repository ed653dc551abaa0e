package dev.palisade.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code palisade} binary. */
@Command(
        name = "palisade",
        description = "Palisade: a self-hosted security control plane for IoT fleets.",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            SimulateCommand.class,
            AuditCommand.class,
            TenantCommand.class,
            OperatorCommand.class,
            DeviceCommand.class,
            PolicyCommand.class,
            ManufacturerCommand.class,
            RecallCommand.class,
            ProvisioningCommand.class,
            OtaCommand.class,
            SessionCommand.class,
            CaCommand.class,
            CertCommand.class,
            TokenCommand.class,
            WhoAmICommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class PalisadeMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // before the first logger: the broker's jar carries a logback.xml that logback would otherwise choose
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "palisade-logback.xml");
        }
        // Commands print their results; only warnings belong beside them. The server configures its own logging.
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
        int exitCode = commandLine().execute(args);
        if (exitCode != ServeCommand.KEEP_RUNNING) {
            System.exit(exitCode);
        }
    }

    /** The command tree, with Palisade's error handling; shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new PalisadeMain())
                .setExecutionExceptionHandler(new CommandFailures())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
