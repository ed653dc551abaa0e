package dev.palisade.cli.simulate;

import java.time.Duration;
import java.util.List;

/** Percentiles of measured durations (nearest rank), in milliseconds. */
record Latencies(int count, double p50, double p99, double max) {

    static Latencies of(List<Duration> durations) {
        if (durations.isEmpty()) {
            return new Latencies(0, 0, 0, 0);
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        return new Latencies(
                sorted.size(), millis(rank(sorted, 0.50)), millis(rank(sorted, 0.99)), millis(sorted.getLast()));
    }

    private static Duration rank(List<Duration> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
