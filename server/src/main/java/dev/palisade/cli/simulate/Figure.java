package dev.palisade.cli.simulate;

import java.util.Locale;

/**
 * One measured figure of a step.
 *
 * @param key its stable name in the report ({@code accepted-per-second}, {@code latency-p99-ms} …)
 * @param unit empty for a count, else {@code /s}, {@code ms} or {@code s}
 */
public record Figure(String key, double value, String unit) {

    /** The value as a person reads it: counts whole, rates and times with one or more decimals. */
    public String formatted() {
        return switch (unit) {
            case "" -> String.format(Locale.ROOT, "%,.0f", value);
            case "ms" -> String.format(Locale.ROOT, "%,.1f ms", value);
            case "s" -> String.format(Locale.ROOT, "%,.2f s", value);
            default -> String.format(Locale.ROOT, "%,.1f%s", value, unit);
        };
    }
}
