package dev.palisade.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code palisade serve}: run the control plane until stopped. */
@Command(
        name = "serve",
        description = {
            "Run the Palisade control plane.",
            "Without --db-url, PostgreSQL runs embedded in the data directory and keeps its data across restarts."
        },
        mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {

    /** Returned by commands after which the JVM must keep running the server. */
    static final int KEEP_RUNNING = -1;

    @Mixin
    ServerOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerLauncher.start(options, spec.commandLine().getOut());
        return KEEP_RUNNING;
    }
}
