package dev.palisade.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A variable in a pattern, written {@code ${name}}, that compilation replaces with a value of the device the policy is
 * compiled for. Values are inserted as literal text, never as wildcards: see {@link PolicyCompiler} for the rules.
 *
 * @param kind which property of the device
 * @param attributeName the attribute's name for {@link Kind#ATTRIBUTE}; empty for the others
 */
public record PolicyVariable(Kind kind, String attributeName) {

    /**
     * An attribute name: a letter, then letters, digits, {@code _} or {@code -}, at most {@link
     * PolicyLimits#MAX_ATTRIBUTE_NAME_LENGTH} characters.
     */
    private static final Pattern ATTRIBUTE_NAME =
            Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0," + (PolicyLimits.MAX_ATTRIBUTE_NAME_LENGTH - 1) + "}");

    private static final String ATTRIBUTE_PREFIX = "device.attr.";

    /** The properties of a device that a pattern can name. */
    public enum Kind {
        /** {@code ${device.id}}: the device's id within its tenant. */
        DEVICE_ID("device.id"),
        /** {@code ${device.tenant}}: the device's tenant. */
        TENANT("device.tenant"),
        /** {@code ${device.group}}: each of the device's groups; a pattern yields one concrete pattern per group. */
        GROUP("device.group"),
        /** {@code ${device.attr.NAME}}: the device's attribute NAME. */
        ATTRIBUTE(ATTRIBUTE_PREFIX),
        /** {@code ${cert.serial}}: the serial number of the certificate the session authenticated with. */
        CERTIFICATE_SERIAL("cert.serial");

        /** The variable's name in a pattern, between {@code ${} and {@code }} (a prefix for attributes). */
        private final String written;

        Kind(String written) {
            this.written = written;
        }
    }

    public PolicyVariable {
        boolean valid =
                kind == Kind.ATTRIBUTE ? ATTRIBUTE_NAME.matcher(attributeName).matches() : attributeName.isEmpty();
        if (!valid) {
            throw new IllegalArgumentException("an attribute variable names an attribute (a letter, then letters,"
                    + " digits, _ or -, at most 64 characters); other variables name none");
        }
    }

    public static PolicyVariable of(Kind kind) {
        return new PolicyVariable(kind, "");
    }

    public static PolicyVariable attribute(String name) {
        return new PolicyVariable(Kind.ATTRIBUTE, name);
    }

    /** The variable called {@code name} (the text between {@code ${} and {@code }}), if there is one. */
    public static Optional<PolicyVariable> named(String name) {
        if (name.startsWith(ATTRIBUTE_PREFIX)) {
            String attribute = name.substring(ATTRIBUTE_PREFIX.length());
            return ATTRIBUTE_NAME.matcher(attribute).matches() ? Optional.of(attribute(attribute)) : Optional.empty();
        }
        for (Kind kind : Kind.values()) {
            if (kind != Kind.ATTRIBUTE && kind.written.equals(name)) {
                return Optional.of(of(kind));
            }
        }
        return Optional.empty();
    }

    /** The variable as written in a pattern, for example {@code ${device.attr.room}}. */
    public String text() {
        return "${" + kind.written + attributeName + "}";
    }

    @Override
    public String toString() {
        return text();
    }
}
