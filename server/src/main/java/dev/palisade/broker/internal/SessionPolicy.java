package dev.palisade.broker.internal;

import dev.palisade.policy.CompiledPolicy;
import dev.palisade.policy.PublishLimit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decisions compiled for a session and where they came from.
 *
 * @param sources the policies compiled, as {@code name@version}, or {@code built-in:device} / {@code
 *     built-in:quarantine} for the templates
 * @param publishLimit the most generous publish limit of its documents, or null when none sets one (the server's
 *     default applies)
 */
public record SessionPolicy(
        CompiledPolicy compiled,
        List<String> sources,
        boolean quarantined,
        @Nullable PublishLimit publishLimit) {

    public SessionPolicy {
        sources = List.copyOf(sources);
    }

    /** Decisions without a publish limit of their own. */
    public SessionPolicy(CompiledPolicy compiled, List<String> sources, boolean quarantined) {
        this(compiled, sources, quarantined, null);
    }
}
