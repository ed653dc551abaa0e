package dev.palisade.policy.internal;

import dev.palisade.policy.PolicyLimits;

/**
 * The MQTT rules for topic names, topic filters and shared subscriptions (MQTT 5 sections 4.7 and 4.8.2), checked
 * without allocating. Anything that fails them is denied before any pattern is consulted.
 */
public final class Topics {

    private static final String SHARE_PREFIX = "$share/";

    private Topics() {}

    /**
     * Whether {@code topic} is non-empty and at most 65,535 bytes of UTF-8: what {@link TopicRules#permitsName} needs
     * checked before its walk, which checks the characters itself.
     */
    public static boolean isWithinLimits(String topic) {
        return !topic.isEmpty() && Utf8.fitsIn(topic, 0, PolicyLimits.MAX_TOPIC_BYTES);
    }

    /**
     * Where the topic filter to check begins in a SUBSCRIBE's filter, or -1 if it is invalid. For a shared
     * subscription {@code $share/NAME/FILTER} that is FILTER (NAME must be a non-empty level without wildcards);
     * otherwise 0. The filter from there must be non-empty, with {@code +} and {@code #} only as whole levels and
     * {@code #} only last, no NUL, and the whole at most 65,535 bytes of UTF-8.
     */
    public static int filterStart(String filter) {
        if (!Utf8.fitsIn(filter, 0, PolicyLimits.MAX_TOPIC_BYTES)) {
            return -1;
        }
        int from = 0;
        if (filter.startsWith(SHARE_PREFIX)) {
            int nameEnd = filter.indexOf('/', SHARE_PREFIX.length());
            if (nameEnd <= SHARE_PREFIX.length()) {
                return -1; // no name, or no filter after it
            }
            for (int i = SHARE_PREFIX.length(); i < nameEnd; i++) {
                char c = filter.charAt(i);
                if (c == '+' || c == '#' || c == '\0') {
                    return -1;
                }
            }
            from = nameEnd + 1;
        }
        return isValidFilter(filter, from) ? from : -1;
    }

    /** One pass over the filter: each char is compared once with {@code '+'}, above which no char needs a look. */
    private static boolean isValidFilter(String filter, int from) {
        int length = filter.length();
        if (from >= length) {
            return false;
        }
        for (int i = from; i < length; i++) {
            char c = filter.charAt(i);
            if (c <= '+') {
                if (c == '\0') {
                    return false;
                }
                if (c == '+' || c == '#') {
                    boolean startsLevel = i == from || filter.charAt(i - 1) == '/';
                    boolean endsLevel = i + 1 == length || filter.charAt(i + 1) == '/';
                    if (!startsLevel || !endsLevel || (c == '#' && i + 1 != length)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Whether {@code clientId} can name a session: 1 to 65,535 bytes of UTF-8, no NUL. */
    public static boolean isValidClientId(String clientId) {
        return !clientId.isEmpty()
                && clientId.indexOf('\0') < 0
                && Utf8.fitsIn(clientId, 0, PolicyLimits.MAX_TOPIC_BYTES);
    }

    /** Whether {@code text} can be a level of a topic name: no {@code /}, wildcard or NUL (it may be empty). */
    static boolean isValidLevel(String text) {
        return text.indexOf('/') < 0 && text.indexOf('+') < 0 && text.indexOf('#') < 0 && text.indexOf('\0') < 0;
    }
}
