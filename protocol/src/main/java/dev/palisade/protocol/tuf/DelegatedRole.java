package dev.palisade.protocol.tuf;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A role that targets metadata delegates to: which keys sign it, which target paths it is trusted for (shell-style
 * {@code paths} or {@code path_hash_prefixes}) and whether the search stops with it.
 *
 * @param name the role's name, which is also the name of its metadata file ({@code name.json})
 * @param keys the keys authorised to sign its metadata and their threshold
 * @param terminating whether a search that reaches this role tries no later delegation
 * @param paths the path patterns it is trusted for, if given this way
 * @param pathHashPrefixes the hex prefixes of SHA-256 of the paths it is trusted for, if given this way
 */
public record DelegatedRole(
        String name,
        RoleKeys keys,
        boolean terminating,
        Optional<List<String>> paths,
        Optional<List<String>> pathHashPrefixes) {

    /** Refuses an empty or top-level name and both ways of naming paths at once. */
    public DelegatedRole {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a delegated role needs a name");
        }
        for (RoleType top : RoleType.values()) {
            if (top.roleName().equals(name)) {
                throw new IllegalArgumentException("a delegated role cannot be named " + name);
            }
        }
        if (paths.isPresent() && pathHashPrefixes.isPresent()) {
            throw new IllegalArgumentException("a delegation has paths or path_hash_prefixes, not both");
        }
        paths = paths.map(List::copyOf);
        pathHashPrefixes = pathHashPrefixes.map(List::copyOf);
    }

    /** A delegation for the target paths matching any of {@code patterns}. */
    public static DelegatedRole forPaths(String name, RoleKeys keys, boolean terminating, List<String> patterns) {
        return new DelegatedRole(name, keys, terminating, Optional.of(patterns), Optional.empty());
    }

    /** Whether this role is trusted for {@code targetPath}. */
    public boolean isTrustedFor(String targetPath) {
        if (paths.isPresent()) {
            return paths.get().stream().anyMatch(pattern -> PathPattern.matches(pattern, targetPath));
        }
        if (pathHashPrefixes.isPresent()) {
            String digest = HexFormat.of().formatHex(Digests.sha256(targetPath.getBytes(StandardCharsets.UTF_8)));
            return pathHashPrefixes.get().stream().anyMatch(digest::startsWith);
        }
        return false;
    }

    static DelegatedRole fromJson(Fields json) {
        RoleKeys keys = RoleKeys.fromJson(json);
        try {
            return new DelegatedRole(
                    json.string("name"),
                    keys,
                    json.bool("terminating"),
                    json.has("paths") ? Optional.of(json.strings("paths")) : Optional.empty(),
                    json.has("path_hash_prefixes")
                            ? Optional.of(json.strings("path_hash_prefixes"))
                            : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw Fields.malformed(json.where() + ": " + e.getMessage());
        }
    }

    /** The entry as it appears in {@code delegations.roles}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(keys.toJson());
        json.put("name", name);
        json.put("terminating", terminating);
        paths.ifPresent(p -> json.put("paths", p));
        pathHashPrefixes.ifPresent(p -> json.put("path_hash_prefixes", p));
        return json;
    }
}
