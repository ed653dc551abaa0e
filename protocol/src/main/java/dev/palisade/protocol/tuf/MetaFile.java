package dev.palisade.protocol.tuf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What snapshot or timestamp metadata says of another metadata file (a {@code METAFILES} entry): its version and,
 * optionally, its length and hashes.
 *
 * @param version the version the file must carry
 * @param length its exact length in bytes, when listed
 * @param hashes hash function name to lowercase hex digest; may be empty
 */
public record MetaFile(long version, OptionalLong length, Map<String, String> hashes) {

    /** Refuses a version below 1 and a negative length. */
    public MetaFile {
        SpecVersion.requireVersion(version, "a meta version");
        if (length.isPresent() && length.getAsLong() < 0) {
            throw new IllegalArgumentException("a length cannot be negative");
        }
        hashes = Map.copyOf(hashes);
    }

    /** The entry for a metadata file: its version, its length and its SHA-256. */
    public static MetaFile describing(long version, byte[] metadata) {
        return new MetaFile(version, OptionalLong.of(metadata.length), Digests.hashesOf(metadata));
    }

    /** The entry naming a version only, as snapshot metadata may list targets metadata. */
    public static MetaFile ofVersion(long version) {
        return new MetaFile(version, OptionalLong.empty(), Map.of());
    }

    static MetaFile fromJson(Fields json) {
        try {
            OptionalLong length =
                    json.optionalInteger("length").map(OptionalLong::of).orElse(OptionalLong.empty());
            return new MetaFile(
                    json.integer("version"), length, json.has("hashes") ? json.stringMap("hashes") : Map.of());
        } catch (IllegalArgumentException e) {
            throw Fields.malformed(json.where() + ": " + e.getMessage());
        }
    }

    /** The entry as it appears in metadata. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        length.ifPresent(l -> json.put("length", l));
        if (!hashes.isEmpty()) {
            json.put("hashes", hashes);
        }
        return json;
    }
}
