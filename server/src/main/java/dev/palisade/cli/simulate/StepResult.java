package dev.palisade.cli.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects a step's figures, checks and notes while it runs. */
final class StepResult {

    private final Step step;
    final List<Figure> figures = new ArrayList<>();
    final List<Check> checks = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    StepResult(Step step) {
        this.step = step;
    }

    StepResult figure(String key, double value, String unit) {
        figures.add(new Figure(key, value, unit));
        return this;
    }

    StepResult count(String key, double value) {
        return figure(key, value, "");
    }

    /** Checks a count against the step's expectation of {@code key}, if it has one. */
    StepResult expectCount(String key, long observed, long total) {
        step.expected(key).ifPresent(expected -> {
            if (expected instanceof Expected.Count count) {
                checks.add(new Check(
                        key,
                        count.describe(total),
                        String.format(Locale.ROOT, "%,d of %,d", observed, total),
                        count.met(observed, total)));
            }
        });
        return this;
    }

    /** Checks a rate against the step's {@code min-rate}, if it has one. */
    StepResult expectRate(double observed, String what) {
        step.expected("min-rate").ifPresent(expected -> {
            if (expected instanceof Expected.AtLeast atLeast) {
                checks.add(new Check(
                        "min-rate",
                        atLeast.describe(),
                        String.format(Locale.ROOT, "%,.1f %s/s", observed, what),
                        atLeast.met(observed)));
            }
        });
        return this;
    }

    /** Checks a rate against the step's {@code max-rate}, if it has one. */
    StepResult expectMaxRate(double observed, String what) {
        step.expected("max-rate").ifPresent(expected -> {
            if (expected instanceof Expected.AtMost atMost) {
                checks.add(new Check(
                        "max-rate",
                        atMost.describe(),
                        String.format(Locale.ROOT, "%,.1f %s/s", observed, what),
                        atMost.met(observed)));
            }
        });
        return this;
    }

    StepResult note(String text) {
        notes.add(text);
        return this;
    }
}
