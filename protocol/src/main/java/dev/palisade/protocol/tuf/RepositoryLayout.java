package dev.palisade.protocol.tuf;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * File names in a TUF repository, shared by the server that publishes and the client that fetches so that both (and
 * tuf-js, python-tuf) agree: {@code root.json} and {@code N.root.json}, {@code timestamp.json}, {@code
 * N.snapshot.json} / {@code N.targets.json} / {@code N.ROLE.json} under consistent snapshots (without the prefix
 * otherwise), and target files under consistent snapshots as {@code dir/HASH.name}.
 */
public final class RepositoryLayout {

    private RepositoryLayout() {}

    /** The versioned root file name, {@code N.root.json}, which is published for every version. */
    public static String rootFile(long version) {
        return version + "." + RoleType.ROOT.fileName();
    }

    /**
     * The metadata file name of a targets or snapshot role at {@code version}. Delegated role names are
     * percent-encoded (as python-tuf does) so that a name like {@code ../x} cannot leave the metadata directory.
     */
    public static String metadataFile(String roleName, long version, boolean consistentSnapshot) {
        String file = encodeRoleName(roleName) + ".json";
        return consistentSnapshot ? version + "." + file : file;
    }

    /** The file name of a target: its path, or with consistent snapshots its path with the SHA-256 before the name. */
    public static String targetFile(TargetFile target, boolean consistentSnapshot) {
        if (!consistentSnapshot) {
            return target.path();
        }
        Map<String, String> hashes = target.hashes();
        String hash = hashes.getOrDefault("sha256", hashes.values().iterator().next());
        int slash = target.path().lastIndexOf('/');
        return target.path().substring(0, slash + 1) + hash + "."
                + target.path().substring(slash + 1);
    }

    /** A role name made safe as a single path segment. */
    static String encodeRoleName(String roleName) {
        return URLEncoder.encode(roleName, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
    }
}
