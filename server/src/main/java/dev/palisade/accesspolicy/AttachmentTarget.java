package dev.palisade.accesspolicy;

import java.util.Locale;

/**
 * What a policy is attached to: every member of a device group, or one device.
 *
 * @param name the group's name or the device's id
 */
public record AttachmentTarget(Kind kind, String name) {

    public enum Kind {
        GROUP,
        DEVICE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWireName(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown attachment target kind: " + name);
        }
    }

    public static AttachmentTarget group(String name) {
        return new AttachmentTarget(Kind.GROUP, name);
    }

    public static AttachmentTarget device(String id) {
        return new AttachmentTarget(Kind.DEVICE, id);
    }

    @Override
    public String toString() {
        return kind.wireName() + ":" + name;
    }
}
