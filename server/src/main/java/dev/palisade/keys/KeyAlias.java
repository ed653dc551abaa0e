package dev.palisade.keys;

import java.util.regex.Pattern;

/**
 * Names a key in custody, for example {@code audit-checkpoint} or {@code tenant/<id>/issuing-ca}. Aliases are stable:
 * whatever a key signed is verified later by looking the key up under the same alias.
 */
public record KeyAlias(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");

    public KeyAlias {
        if (value.length() > 200 || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("key alias must be lower-case words separated by '/': " + value);
        }
    }

    public static KeyAlias of(String value) {
        return new KeyAlias(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
