package dev.palisade.policy.internal;

import static dev.palisade.policy.PolicyDocumentError.PATTERN_EMPTY;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_INVALID_CLIENT_ID;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_MALFORMED_VARIABLE;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_MISPLACED_SINGLE_LEVEL_WILDCARD;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_NUL;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_REPEATED_GROUP_VARIABLE;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_TOO_LONG;
import static dev.palisade.policy.PolicyDocumentError.PATTERN_UNKNOWN_VARIABLE;

import dev.palisade.policy.PatternLevel;
import dev.palisade.policy.PolicyDocumentException;
import dev.palisade.policy.PolicyLimits;
import dev.palisade.policy.PolicyVariable;
import dev.palisade.policy.ResourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses pattern text into levels, refusing anything MQTT would not accept as a filter (so that every pattern means
 * something a client could subscribe to), plus variables {@code ${name}}. Errors carry the offending char's offset.
 */
public final class PatternParser {

    private PatternParser() {}

    /** The levels of {@code text} as a pattern of {@code kind}. */
    public static List<PatternLevel> parse(ResourceKind kind, String text) {
        if (text.isEmpty()) {
            throw PolicyDocumentException.inPattern(PATTERN_EMPTY, "a pattern is at least one character long", 0);
        }
        int beyond = Utf8.firstOffsetBeyond(text, PolicyLimits.MAX_TOPIC_BYTES);
        if (beyond >= 0) {
            throw PolicyDocumentException.inPattern(
                    PATTERN_TOO_LONG, "a pattern is at most 65535 bytes of UTF-8, as MQTT topics are", beyond);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw PolicyDocumentException.inPattern(PATTERN_NUL, "MQTT forbids the NUL character", nul);
        }
        List<PatternLevel> levels = kind == ResourceKind.CLIENT_ID ? List.of(clientId(text)) : topicLevels(text);
        requireAtMostOneGroupVariable(text);
        return levels;
    }

    private static void requireAtMostOneGroupVariable(String text) {
        String group = "${device.group}";
        int first = text.indexOf(group);
        int second = first < 0 ? -1 : text.indexOf(group, first + group.length());
        if (second >= 0) {
            throw PolicyDocumentException.inPattern(
                    PATTERN_REPEATED_GROUP_VARIABLE,
                    "${device.group} may appear once in a pattern: each occurrence multiplies the patterns compiled"
                            + " for a device by its number of groups",
                    second);
        }
    }

    private static PatternLevel clientId(String text) {
        if (text.equals("+")) {
            return new PatternLevel.AnyLevel();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '#' || c == '+') {
                throw PolicyDocumentException.inPattern(
                        PATTERN_INVALID_CLIENT_ID,
                        "a client-id pattern is '+' (any client id) or text with variables, without '/', '#' or '+'",
                        i);
            }
        }
        return exactLevel(text, 0, text.length());
    }

    private static List<PatternLevel> topicLevels(String text) {
        var levels = new ArrayList<PatternLevel>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('/', start);
            if (end < 0) {
                end = text.length();
            }
            PatternLevel level = topicLevel(text, start, end);
            if (level instanceof PatternLevel.AnyRemainingLevels && end != text.length()) {
                throw PolicyDocumentException.inPattern(
                        PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD, "'#' can only be the last level", start);
            }
            levels.add(level);
            start = end + 1;
        }
        return levels;
    }

    private static PatternLevel topicLevel(String text, int start, int end) {
        if (end - start == 1 && text.charAt(start) == '#') {
            return new PatternLevel.AnyRemainingLevels();
        }
        if (end - start == 1 && text.charAt(start) == '+') {
            return new PatternLevel.AnyLevel();
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '#') {
                throw PolicyDocumentException.inPattern(
                        PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD, "'#' must be a whole level, and the last one", i);
            }
            if (c == '+') {
                throw PolicyDocumentException.inPattern(
                        PATTERN_MISPLACED_SINGLE_LEVEL_WILDCARD, "'+' must be a whole level", i);
            }
        }
        return exactLevel(text, start, end);
    }

    /** Text and variables of {@code text[start, end)}, which holds no wildcard (checked by the caller). */
    private static PatternLevel.Exact exactLevel(String text, int start, int end) {
        var segments = new ArrayList<PatternLevel.Segment>();
        int literalStart = start;
        int i = start;
        while (i < end) {
            if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0 || close >= end) {
                    throw PolicyDocumentException.inPattern(
                            PATTERN_MALFORMED_VARIABLE,
                            "a variable is written ${name}, within one level: the closing '}' is missing",
                            i);
                }
                String name = text.substring(i + 2, close);
                if (name.isEmpty()) {
                    throw PolicyDocumentException.inPattern(PATTERN_MALFORMED_VARIABLE, "'${}' names no variable", i);
                }
                int at = i;
                PolicyVariable variable = PolicyVariable.named(name)
                        .orElseThrow(() -> PolicyDocumentException.inPattern(
                                PATTERN_UNKNOWN_VARIABLE,
                                "unknown variable ${" + name + "}: known are ${device.id}, ${device.tenant},"
                                        + " ${device.group}, ${device.attr.NAME} and ${cert.serial}",
                                at));
                if (literalStart < i) {
                    segments.add(new PatternLevel.Segment.Text(text.substring(literalStart, i)));
                }
                segments.add(new PatternLevel.Segment.Variable(variable));
                i = close + 1;
                literalStart = i;
            } else {
                i++;
            }
        }
        if (literalStart < end) {
            segments.add(new PatternLevel.Segment.Text(text.substring(literalStart, end)));
        }
        return new PatternLevel.Exact(segments);
    }
}
