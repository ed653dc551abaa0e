package dev.palisade.cli.simulate;

import java.util.List;
import java.util.Optional;

/**
 * What one step did: when it started (seconds from the start of the timeline), how long it took, its figures, its
 * expectations checked, and notes (which devices misbehaved, what was refused).
 *
 * @param number from 1, in the order of the timeline
 * @param line where the step is written in the scenario file
 */
public record StepReport(
        int number,
        String kind,
        int line,
        double startedAt,
        double seconds,
        List<Figure> figures,
        List<Check> checks,
        List<String> notes) {

    public StepReport {
        figures = List.copyOf(figures);
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    /** Whether every expectation of the step was met. */
    public boolean passed() {
        return checks.stream().allMatch(Check::met);
    }

    public Optional<Figure> figure(String key) {
        return figures.stream().filter(figure -> figure.key().equals(key)).findFirst();
    }

    public Optional<Check> check(String key) {
        return checks.stream().filter(check -> check.key().equals(key)).findFirst();
    }
}
