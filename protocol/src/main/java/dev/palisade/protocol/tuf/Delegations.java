package dev.palisade.protocol.tuf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code delegations} of targets metadata: the keys of the delegated roles and the roles in priority order.
 *
 * @param keys the delegated roles' keys, each under its own key id
 * @param roles the delegated roles, most trusted first; names are unique
 */
public record Delegations(Map<KeyId, TufKey> keys, List<DelegatedRole> roles) {

    /** Refuses keys listed under another key's id and repeated role names. */
    public Delegations {
        keys = Map.copyOf(keys);
        roles = List.copyOf(roles);
        keys.forEach((id, key) -> {
            if (!id.equals(key.keyId())) {
                throw new IllegalArgumentException("key " + key.keyId() + " is listed as " + id);
            }
        });
        Set<String> names = new HashSet<>();
        for (DelegatedRole role : roles) {
            if (!names.add(role.name())) {
                throw new IllegalArgumentException("role " + role.name() + " is delegated twice");
            }
        }
    }

    static Delegations fromJson(Fields json) {
        Map<KeyId, TufKey> keys = Root.keysFromJson(json.fields("keys"));
        List<DelegatedRole> roles = new ArrayList<>();
        List<Object> entries = json.list("roles");
        for (int k = 0; k < entries.size(); k++) {
            roles.add(DelegatedRole.fromJson(Fields.of(entries.get(k), json.where() + ".roles[" + k + "]")));
        }
        try {
            return new Delegations(keys, roles);
        } catch (IllegalArgumentException e) {
            throw Fields.malformed(json.where() + ": " + e.getMessage());
        }
    }

    /** The object as it appears in targets metadata. */
    public Map<String, Object> toJson() {
        Map<String, Object> keyObjects = new LinkedHashMap<>();
        keys.forEach((id, key) -> keyObjects.put(id.hex(), key.toJson()));
        return Map.of(
                "keys",
                keyObjects,
                "roles",
                roles.stream().map(DelegatedRole::toJson).toList());
    }
}
