package dev.palisade.agent.cli;

import dev.palisade.agent.Outcome;
import dev.palisade.agent.twin.TwinFile;
import dev.palisade.agent.twin.TwinStore;
import dev.palisade.agent.twin.TwinSync;
import dev.palisade.protocol.twin.DesiredState;
import dev.palisade.protocol.twin.ReportedState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code run}'s twin: the device has no application of its own here, so it applies a desired state by taking it as
 * its state and reports it back with the version applied; each step is printed. With {@code --twin-file} what was
 * applied and reported is kept in that file across restarts, else in memory for the run.
 */
final class RunTwin implements TwinSync.Listener {

    private final PrintWriter printed;

    private RunTwin(PrintWriter printed) {
        this.printed = printed;
    }

    /** The twin of {@code deviceId}, kept in {@code file} when given. */
    static TwinSync open(String deviceId, @Nullable Path file, PrintWriter printed) throws IOException {
        TwinStore store = file == null ? TwinStore.inMemory() : new TwinFile(file);
        var twin = new TwinSync(deviceId, store, DesiredState::state, new RunTwin(printed));
        if (twin.appliedVersion() > 0) {
            printed.printf(Locale.ROOT, "twin: desired version %d applied before this run%n", twin.appliedVersion());
            printed.flush();
        }
        return twin;
    }

    @Override
    public void asked(long appliedVersion) {
        line("asked for the desired state (version %d applied)", appliedVersion);
    }

    @Override
    public void applied(DesiredState desired, ReportedState reported) {
        line(
                "applied desired version %d: %s",
                desired.version(), desired.state().toJson());
    }

    @Override
    public void ignored(DesiredState desired, long appliedVersion) {
        line("ignored desired version %d: version %d is applied", desired.version(), appliedVersion);
    }

    @Override
    public void refused(DesiredState desired, Exception why) {
        line("desired version %d refused: %s", desired.version(), String.valueOf(why.getMessage()));
    }

    @Override
    public void unreadable(String topic, String why) {
        line("dropped an unreadable message on %s: %s", topic, why);
    }

    @Override
    public void reported(ReportedState reported, Outcome outcome) {
        line(
                "reported desired version %d: %s",
                reported.desiredVersion(), outcome.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void unavailable() {
        line("the device's policy does not allow its twin topics: nothing is asked or reported");
    }

    @Override
    public void notKept(ReportedState reported, IOException why) {
        line("the report of desired version %d could not be kept: %s", reported.desiredVersion(), why.getMessage());
    }

    private void line(String format, @Nullable Object... arguments) {
        printed.printf(Locale.ROOT, "twin: " + format + "%n", arguments);
        printed.flush();
    }
}
