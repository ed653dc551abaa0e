package dev.palisade.protocol.tuf;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The keys trusted for a role and how many of them must sign: the {@code keyids} and {@code threshold} of a root
 * role entry or a delegation.
 *
 * @param keyIds the authorised keys, without repetition
 * @param threshold how many distinct authorised keys must sign, at least 1
 */
public record RoleKeys(List<KeyId> keyIds, int threshold) {

    /** Refuses a threshold below 1 and repeated key ids. */
    public RoleKeys {
        keyIds = List.copyOf(keyIds);
        if (threshold < 1) {
            throw new IllegalArgumentException("a threshold is at least 1, not " + threshold);
        }
        if (new HashSet<>(keyIds).size() != keyIds.size()) {
            throw new IllegalArgumentException("a role lists a key id twice");
        }
    }

    static RoleKeys fromJson(Fields json) {
        long threshold = json.integer("threshold");
        if (threshold < 1 || threshold > Integer.MAX_VALUE) {
            throw Fields.malformed(json.where() + ".threshold is out of range: " + threshold);
        }
        try {
            return new RoleKeys(json.strings("keyids").stream().map(KeyId::new).toList(), (int) threshold);
        } catch (IllegalArgumentException e) {
            throw Fields.malformed(json.where() + ": " + e.getMessage());
        }
    }

    /** The {@code keyids} and {@code threshold} members. */
    Map<String, Object> toJson() {
        return Map.of("keyids", keyIds.stream().map(KeyId::hex).toList(), "threshold", Long.valueOf(threshold));
    }
}
