package dev.palisade.provisioning;

import java.time.Instant;
import java.util.Locale;

/** A device id or a manufacturer's serial on the tenant's recall (deny) list: it never registers while listed. */
public record Recall(Kind kind, String value, String reason, Instant createdAt) {

    public enum Kind {
        DEVICE,
        SERIAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWireName(String name) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(name)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("a recall names a 'device' or a 'serial'");
        }
    }
}
