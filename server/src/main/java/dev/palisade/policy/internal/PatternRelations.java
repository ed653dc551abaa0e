package dev.palisade.policy.internal;

import dev.palisade.policy.PatternLevel;
import java.util.List;

/**
 * Relations between patterns as written, before variables are replaced, for lint. A claim is made only when it holds
 * for every device: two levels with variables are taken as equal only when they are written the same.
 */
public final class PatternRelations {

    private PatternRelations() {}

    /** Whether every topic (or client id) that {@code inner} can match for any device is matched by {@code outer}. */
    public static boolean covers(List<PatternLevel> outer, List<PatternLevel> inner) {
        return covers(outer, 0, inner, 0);
    }

    private static boolean covers(List<PatternLevel> outer, int i, List<PatternLevel> inner, int j) {
        if (i < outer.size() && outer.get(i) instanceof PatternLevel.AnyRemainingLevels) {
            return !(i == 0 && mayStartWithDollar(inner.getFirst()));
        }
        if (j == inner.size() || i == outer.size()) {
            return j == inner.size() && i == outer.size();
        }
        PatternLevel wide = outer.get(i);
        boolean levelCovered = switch (inner.get(j)) {
            case PatternLevel.AnyRemainingLevels rest -> false;
            case PatternLevel.AnyLevel any -> wide instanceof PatternLevel.AnyLevel;
            case PatternLevel.Exact exact ->
                wide instanceof PatternLevel.AnyLevel ? !(i == 0 && mayStartWithDollar(exact)) : wide.equals(exact);
        };
        return levelCovered && covers(outer, i + 1, inner, j + 1);
    }

    /**
     * Whether a first level might start with {@code $}, which wildcards at the root do not match: literal {@code $}
     * text, or a variable whose value is unknown here.
     */
    private static boolean mayStartWithDollar(PatternLevel level) {
        return level instanceof PatternLevel.Exact exact
                && !exact.segments().isEmpty()
                && (exact.startsWithDollar() || exact.segments().getFirst() instanceof PatternLevel.Segment.Variable);
    }
}
