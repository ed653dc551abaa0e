package dev.palisade.identity;

import dev.palisade.shared.problem.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The groups and attributes of a device, checked. Both end up in MQTT topic levels when a policy names {@code
 * ${device.group}} or {@code ${device.attr.NAME}}; the policy engine substitutes them as literal text whatever they
 * hold, but names are kept to a plain alphabet so that they read the same in topics, URLs and logs.
 */
public record DeviceLabels(SortedSet<String> groups, SortedMap<String, String> attributes) {

    public static final int MAX_GROUPS = 32;
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_VALUE_LENGTH = 256;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Checks labels given by a client, naming the offending field. */
    public static DeviceLabels parse(@Nullable List<String> groups, @Nullable Map<String, String> attributes) {
        SortedSet<String> checkedGroups = new TreeSet<>();
        if (groups != null) {
            if (groups.size() > MAX_GROUPS) {
                throw invalid("groups", "a device is in at most " + MAX_GROUPS + " groups");
            }
            for (int i = 0; i < groups.size(); i++) {
                String group = groups.get(i);
                if (group == null || !isName(group)) {
                    throw invalid("groups[" + i + "]", "a group name is " + NAME_RULE);
                }
                checkedGroups.add(group);
            }
        }
        SortedMap<String, String> checkedAttributes = new TreeMap<>();
        if (attributes != null) {
            if (attributes.size() > MAX_ATTRIBUTES) {
                throw invalid("attributes", "a device has at most " + MAX_ATTRIBUTES + " attributes");
            }
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                String name = attribute.getKey();
                if (!isName(name)) {
                    throw invalid("attributes", "an attribute name is " + NAME_RULE);
                }
                String value = attribute.getValue();
                if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH || !printable(value)) {
                    throw invalid(
                            "attributes." + name,
                            "an attribute value is 1 to " + MAX_VALUE_LENGTH
                                    + " printable characters without MQTT wildcards (+ #) or '/'");
                }
                checkedAttributes.put(name, value);
            }
        }
        return new DeviceLabels(checkedGroups, checkedAttributes);
    }

    /** Whether {@code name} is a valid group or attribute name. */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    private static final String NAME_RULE = "1 to 64 letters, digits or . _ -, starting with a letter or digit";

    /**
     * Values stay out of the characters that mean something in a topic, even though substitution escapes them: an
     * attribute that reads like a filter in a log or an audit record is a trap for the person reading it.
     */
    private static boolean printable(String value) {
        return value.codePoints()
                .noneMatch(c -> Character.isISOControl(c) || c == '+' || c == '#' || c == '/' || c == '\u2028');
    }

    private static InvalidInputException invalid(String field, String detail) {
        return new InvalidInputException("identity.device.invalid-labels", field, detail);
    }
}
