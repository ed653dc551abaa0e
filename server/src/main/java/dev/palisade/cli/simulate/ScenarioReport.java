package dev.palisade.cli.simulate;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A scenario's run: the tenant it ran in, every step's report, the refusals the fleet saw by reason, and how long the
 * timeline took. Written as JSON with {@code palisade simulate --report FILE}.
 */
public record ScenarioReport(
        String scenario,
        String tenant,
        int devices,
        double seconds,
        List<StepReport> steps,
        Map<String, Long> refusals) {

    public ScenarioReport {
        steps = List.copyOf(steps);
        refusals = Collections.unmodifiableMap(new TreeMap<>(refusals));
    }

    /** Whether every step met every expectation. */
    public boolean passed() {
        return steps.stream().allMatch(StepReport::passed);
    }

    public long expectations() {
        return steps.stream().mapToLong(step -> step.checks().size()).sum();
    }

    public long expectationsMet() {
        return steps.stream()
                .flatMap(step -> step.checks().stream())
                .filter(Check::met)
                .count();
    }

    /** The first step of {@code kind}. */
    public Optional<StepReport> step(String kind) {
        return steps.stream().filter(step -> step.kind().equals(kind)).findFirst();
    }
}
