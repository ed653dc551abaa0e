package dev.palisade.protocol.tuf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A target file as targets metadata describes it. Palisade keeps the device-facing facts of a release (hardware id,
 * model, security version, tier) in {@code custom}, which TUF passes through unread.
 *
 * @param path the {@code TARGETPATH}, relative, with {@code /} separators
 * @param length its exact length in bytes
 * @param hashes hash function name to lowercase hex digest; at least one
 * @param custom the opaque {@code custom} object; empty when absent
 */
public record TargetFile(String path, long length, Map<String, String> hashes, Map<String, Object> custom) {

    /** Refuses an empty path, a negative length and an empty set of hashes. */
    public TargetFile {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a target path cannot be empty");
        }
        if (length < 0) {
            throw new IllegalArgumentException("a target length cannot be negative");
        }
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("a target needs at least one hash");
        }
        hashes = Map.copyOf(hashes);
        custom = Map.copyOf(custom);
    }

    /** The description of {@code content} published under {@code path}, with its SHA-256. */
    public static TargetFile describing(String path, byte[] content, Map<String, Object> custom) {
        return new TargetFile(path, content.length, Digests.hashesOf(content), custom);
    }

    static TargetFile fromJson(String path, Fields json) {
        try {
            return new TargetFile(
                    path,
                    json.integer("length"),
                    json.stringMap("hashes"),
                    json.has("custom") ? json.object("custom") : Map.of());
        } catch (IllegalArgumentException e) {
            throw Fields.malformed(json.where() + ": " + e.getMessage());
        }
    }

    /** The entry as it appears under {@code targets}, without its path. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("length", length);
        json.put("hashes", hashes);
        if (!custom.isEmpty()) {
            json.put("custom", custom);
        }
        return json;
    }
}
