package dev.palisade.broker.internal;

import dev.palisade.policy.CompiledPolicy;
import java.util.List;

/**
 * The decisions compiled for a session and where they came from.
 *
 * @param sources the policies compiled, as {@code name@version}, or {@code built-in:device} / {@code
 *     built-in:quarantine} for the templates
 */
public record SessionPolicy(CompiledPolicy compiled, List<String> sources, boolean quarantined) {

    public SessionPolicy {
        sources = List.copyOf(sources);
    }
}
