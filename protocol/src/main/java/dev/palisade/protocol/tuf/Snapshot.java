package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Snapshot metadata: the version of every targets metadata file (top-level and delegated) that exists together, which
 * is what stops mix-and-match attacks.
 *
 * @param specVersion the {@code spec_version}
 * @param version the version, at least 1
 * @param expires when it stops being trusted
 * @param meta metadata file name ({@code targets.json}, {@code ROLE.json}) to its entry
 */
public record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaFile> meta)
        implements RoleMetadata {

    /** Refuses an invalid header. */
    public Snapshot {
        Header.validate(specVersion, version, expires);
        meta = Map.copyOf(meta);
    }

    @Override
    public RoleType type() {
        return RoleType.SNAPSHOT;
    }

    /** The entry for a targets role's metadata ({@code targets} or a delegated role name). */
    public Optional<MetaFile> targetsRole(String roleName) {
        return Optional.ofNullable(meta.get(roleName + ".json"));
    }

    static Snapshot fromJson(Fields signed) {
        Header header = Header.fromJson(signed, RoleType.SNAPSHOT);
        Fields metaObject = signed.fields("meta");
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        for (String name : metaObject.json().keySet()) {
            meta.put(name, MetaFile.fromJson(metaObject.fields(name)));
        }
        return new Snapshot(header.specVersion(), header.version(), header.expires(), meta);
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = Header.toJson(this);
        Map<String, Object> metaObject = new LinkedHashMap<>();
        meta.forEach((name, file) -> metaObject.put(name, file.toJson()));
        json.put("meta", metaObject);
        return json;
    }
}
