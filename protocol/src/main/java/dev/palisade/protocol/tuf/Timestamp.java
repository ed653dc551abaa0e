package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.util.Map;

/**
 * Timestamp metadata: names the current snapshot metadata, and is re-signed often so that a client notices when it is
 * being kept from updates.
 *
 * @param specVersion the {@code spec_version}
 * @param version the version, at least 1
 * @param expires when it stops being trusted (short: hours or days)
 * @param snapshot the {@code snapshot.json} entry of {@code meta}
 */
public record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshot) implements RoleMetadata {

    /** Refuses an invalid header. */
    public Timestamp {
        Header.validate(specVersion, version, expires);
    }

    @Override
    public RoleType type() {
        return RoleType.TIMESTAMP;
    }

    static Timestamp fromJson(Fields signed) {
        Header header = Header.fromJson(signed, RoleType.TIMESTAMP);
        Fields meta = signed.fields("meta");
        if (meta.json().size() != 1 || !meta.has(RoleType.SNAPSHOT.fileName())) {
            throw Fields.malformed("timestamp meta must list snapshot.json and nothing else");
        }
        MetaFile snapshot = MetaFile.fromJson(meta.fields(RoleType.SNAPSHOT.fileName()));
        return new Timestamp(header.specVersion(), header.version(), header.expires(), snapshot);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = Header.toJson(this);
        json.put("meta", Map.of(RoleType.SNAPSHOT.fileName(), snapshot.toJson()));
        return json;
    }
}
