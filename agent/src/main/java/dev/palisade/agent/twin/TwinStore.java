package dev.palisade.agent.twin;

import dev.palisade.protocol.twin.ReportedState;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a device keeps its twin between runs: the last state it reported, which names the desired version it applied
 * last. Saved before the report is published, so a device that restarts at any moment knows at least what it told the
 * server.
 */
public interface TwinStore {

    /** What was kept last; empty for a device that never kept anything. */
    Optional<ReportedState> load() throws IOException;

    /** Keeps {@code state} in place of what was kept, durably where the store can. */
    void save(ReportedState state) throws IOException;

    /** A store that lasts as long as the process: a restarted device starts from version 0 and asks again. */
    static TwinStore inMemory() {
        var kept = new AtomicReference<ReportedState>();
        return new TwinStore() {
            @Override
            public Optional<ReportedState> load() {
                return Optional.ofNullable(kept.get());
            }

            @Override
            public void save(ReportedState state) {
                kept.set(state);
            }
        };
    }
}
