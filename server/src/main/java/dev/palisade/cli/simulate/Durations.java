package dev.palisade.cli.simulate;

import java.time.Duration;
import java.util.Locale;

/** Durations as a scenario file writes them and as the runner prints them. */
final class Durations {

    private Durations() {}

    /** {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}: the shortest exact form, as a scenario file would say it. */
    static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis < 1000
                ? millis + "ms"
                : String.format(Locale.ROOT, "%.3fs", millis / 1000.0).replaceAll("0+s$", "s");
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
