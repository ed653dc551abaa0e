package dev.palisade.agent.cli;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.ota.HealthCheck;
import dev.palisade.agent.ota.Slot;
import dev.palisade.agent.ota.Slots;
import dev.palisade.protocol.ota.TargetName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The health of an image on trial, as {@code run} judges it after restarting into it: the broker took the device's
 * session (however long the reconnects take; the updater interrupts the check at the trial deadline), then the
 * operator's program, if one is given, exits with status 0. A device the broker refuses, or that was wiped, is not
 * healthy.
 */
final class SessionHealth implements HealthCheck {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<@Nullable DeviceAgent> agent;
    private final Slots slots;
    private final @Nullable Path program;

    SessionHealth(Supplier<@Nullable DeviceAgent> agent, Slots slots, @Nullable Path program) {
        this.agent = agent;
        this.slots = slots;
        this.program = program;
    }

    @Override
    public boolean healthy(Slot slot, TargetName target) throws Exception {
        if (!sessionUp()) {
            return false;
        }
        if (program == null) {
            return true;
        }
        Process check = new ProcessBuilder(
                        List.of(program.toString(), slots.image(slot).toString(), target.toString()))
                .inheritIO()
                .start();
        try {
            return check.waitFor() == 0;
        } finally {
            check.destroyForcibly();
        }
    }

    /** Waits for a connected session; false once the device can no longer have one. */
    private boolean sessionUp() throws InterruptedException {
        while (true) {
            DeviceAgent current = agent.get();
            AgentState state = current == null ? AgentState.ENROLLED : current.state();
            switch (state) {
                case CONNECTED -> {
                    return true;
                }
                case REFUSED, WIPED -> {
                    return false;
                }
                // a session being moved onto a renewed certificate is stopped for a moment: wait for the next one
                default -> Thread.sleep(POLL);
            }
        }
    }
}
