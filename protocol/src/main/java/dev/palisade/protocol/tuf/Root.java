package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root metadata: the keys of every top-level role, and whether the repository publishes consistent snapshots.
 *
 * @param specVersion the {@code spec_version}
 * @param version the version, at least 1
 * @param expires when it stops being trusted
 * @param consistentSnapshot whether metadata is fetched as {@code VERSION.role.json} and targets as {@code HASH.name}
 * @param keys every key a top-level role uses, under its key id
 * @param roles the keys and threshold of each of root, timestamp, snapshot and targets
 */
public record Root(
        String specVersion,
        long version,
        Instant expires,
        boolean consistentSnapshot,
        Map<KeyId, TufKey> keys,
        Map<RoleType, RoleKeys> roles)
        implements RoleMetadata {

    /** Refuses a missing top-level role, and keys listed under another key's id. */
    public Root {
        Header.validate(specVersion, version, expires);
        keys = Map.copyOf(keys);
        roles = Map.copyOf(roles);
        keys.forEach((id, key) -> {
            if (!id.equals(key.keyId())) {
                throw new IllegalArgumentException("key " + key.keyId() + " is listed as " + id);
            }
        });
        for (RoleType type : RoleType.values()) {
            if (!roles.containsKey(type)) {
                throw new IllegalArgumentException(
                        "root metadata must name the keys of the " + type.roleName() + " role");
            }
        }
    }

    @Override
    public RoleType type() {
        return RoleType.ROOT;
    }

    /** The keys and threshold of a top-level role. */
    public RoleKeys role(RoleType type) {
        RoleKeys keys = roles.get(type);
        if (keys == null) {
            throw new IllegalStateException("validated at construction");
        }
        return keys;
    }

    static Root fromJson(Fields signed) {
        Header header = Header.fromJson(signed, RoleType.ROOT);
        Map<KeyId, TufKey> keys = keysFromJson(signed.fields("keys"));
        Fields roleObjects = signed.fields("roles");
        Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
        for (RoleType type : RoleType.values()) {
            if (roleObjects.has(type.roleName())) {
                roles.put(type, RoleKeys.fromJson(roleObjects.fields(type.roleName())));
            }
        }
        boolean consistent = signed.has("consistent_snapshot") && signed.bool("consistent_snapshot");
        try {
            return new Root(header.specVersion(), header.version(), header.expires(), consistent, keys, roles);
        } catch (IllegalArgumentException e) {
            throw Fields.malformed("root: " + e.getMessage());
        }
    }

    /**
     * Reads a {@code keys} object, checking that every key is listed under the SHA-256 of its canonical form: a key
     * id that does not match its key would let two keys share an id.
     */
    static Map<KeyId, TufKey> keysFromJson(Fields json) {
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        json.json().forEach((name, value) -> {
            TufKey key;
            try {
                key = TufKey.fromJson(Fields.object(value, json.where() + "." + name));
            } catch (IllegalArgumentException e) {
                throw Fields.malformed(json.where() + "." + name + ": " + e.getMessage());
            }
            if (!key.keyId().hex().equals(name)) {
                throw new TufException(
                        RefusalReason.KEY_ID_MISMATCH,
                        "key listed as " + name + " has key id " + key.keyId() + " (SHA-256 of its canonical JSON)");
            }
            keys.put(key.keyId(), key);
        });
        return keys;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> json = Header.toJson(this);
        json.put("consistent_snapshot", consistentSnapshot);
        Map<String, Object> keyObjects = new LinkedHashMap<>();
        keys.forEach((id, key) -> keyObjects.put(id.hex(), key.toJson()));
        json.put("keys", keyObjects);
        Map<String, Object> roleObjects = new LinkedHashMap<>();
        roles.forEach((type, keys) -> roleObjects.put(type.roleName(), keys.toJson()));
        json.put("roles", roleObjects);
        return json;
    }
}
