package dev.palisade.protocol.tuf;

/**
 * The shell-style {@code PATHPATTERN}s of delegations: {@code *} matches any run of characters and {@code ?} any one
 * character, {@code [abc]}, {@code [a-z]} and {@code [!abc]} one character of (or not of) a set, and no wildcard
 * matches the separator {@code /}, so a pattern and a path must have the same number of segments (as python-tuf
 * matches them).
 */
final class PathPattern {

    private PathPattern() {}

    static boolean matches(String pattern, String path) {
        String[] patternSegments = pattern.split("/", -1);
        String[] pathSegments = path.split("/", -1);
        if (patternSegments.length != pathSegments.length) {
            return false;
        }
        for (int k = 0; k < patternSegments.length; k++) {
            if (!matchesSegment(patternSegments[k], pathSegments[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesSegment(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                textAtStar = t;
                continue;
            }
            if (p < pattern.length()) {
                int consumed = matchOne(pattern, p, text.charAt(t));
                if (consumed > 0) {
                    p += consumed;
                    t++;
                    continue;
                }
            }
            if (starAt < 0) {
                return false;
            }
            p = starAt + 1;
            t = ++textAtStar;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** How many pattern characters at {@code p} matched {@code c}, or 0 when they did not. */
    private static int matchOne(String pattern, int p, char c) {
        char head = pattern.charAt(p);
        if (head == '?') {
            return 1;
        }
        if (head == '[') {
            int close = pattern.indexOf(']', p + 2);
            if (close > 0) {
                boolean negated = pattern.charAt(p + 1) == '!';
                String set = pattern.substring(p + (negated ? 2 : 1), close);
                return inSet(set, c) != negated ? close - p + 1 : 0;
            }
        }
        return head == c ? 1 : 0;
    }

    private static boolean inSet(String set, char c) {
        for (int k = 0; k < set.length(); k++) {
            if (k + 2 < set.length() && set.charAt(k + 1) == '-') {
                if (set.charAt(k) <= c && c <= set.charAt(k + 2)) {
                    return true;
                }
                k += 2;
            } else if (set.charAt(k) == c) {
                return true;
            }
        }
        return false;
    }
}
