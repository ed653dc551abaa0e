package dev.palisade.ota;

import dev.palisade.ota.internal.TufStore.KeyRow;
import dev.palisade.protocol.tuf.KeyId;
import dev.palisade.protocol.tuf.RoleKeys;
import dev.palisade.protocol.tuf.RoleType;
import dev.palisade.protocol.tuf.Root;
import dev.palisade.protocol.tuf.SignedMetadata;
import dev.palisade.protocol.tuf.TufKey;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** The checks a root signed offline must pass before the server serves it; a refused root changes nothing. */
public final class TufRootImport {

    /**
     * A root that passed.
     *
     * @param root the parsed root
     * @param promoted the top-level roles whose pending server key the root names, which become active
     * @param unchanged whether it is the root already served (importing it again changes nothing)
     */
    public record Imported(Root root, List<String> promoted, boolean unchanged) {

        public Imported {
            promoted = List.copyOf(promoted);
        }
    }

    private static final List<RoleType> ONLINE = List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP);

    private TufRootImport() {}

    static Imported verify(
            byte[] file,
            Optional<byte[]> previousFile,
            List<KeyRow> serverKeys,
            BiFunction<KeyRow, TenantId, TufKey> publicKey,
            TenantId tenant,
            Instant now) {
        SignedMetadata<Root> signed;
        try {
            signed = SignedMetadata.parse(file, Root.class);
        } catch (IllegalArgumentException e) {
            throw refused("ota.tuf.root-malformed", "not TUF root metadata: " + e.getMessage());
        }
        Root root = signed.role();
        if (previousFile.isPresent() && java.security.MessageDigest.isEqual(previousFile.get(), file)) {
            return new Imported(root, List.of(), true);
        }
        if (!root.consistentSnapshot()) {
            throw refused(
                    "ota.tuf.root-not-consistent",
                    "the root must set consistent_snapshot: the server serves"
                            + " every metadata version under its own name");
        }
        if (root.isExpiredAt(now)) {
            throw refused("ota.tuf.root-expired", "the root expired at " + root.expires());
        }
        List<String> promoted = new ArrayList<>();
        Set<KeyId> serverKeyIds = new HashSet<>();
        serverKeys.forEach(row -> serverKeyIds.add(new KeyId(row.keyId())));
        for (RoleType role : ONLINE) {
            RoleKeys keys = root.role(role);
            String name = role.roleName();
            KeyRow active = find(serverKeys, name, "active");
            KeyRow pending = find(serverKeys, name, "pending");
            if (keys.threshold() != 1 || keys.keyIds().size() != 1) {
                throw refused(
                        "ota.tuf.root-online-keys",
                        "the " + name + " role must list exactly one key, the"
                                + " server's, with threshold 1 (see GET /api/v1/ota/tuf/keys)");
            }
            KeyId named = keys.keyIds().getFirst();
            if (pending != null && named.hex().equals(pending.keyId())) {
                promoted.add(name);
            } else if (active == null || !named.hex().equals(active.keyId())) {
                throw refused(
                        "ota.tuf.root-online-keys",
                        "the " + name + " role names key " + named + ", which is not" + " the server's " + name
                                + " key (see GET /api/v1/ota/tuf/keys)");
            }
            KeyRow used = pending != null && named.hex().equals(pending.keyId()) ? pending : active;
            TufKey listed = root.keys().get(named);
            if (used == null || listed == null || !listed.equals(publicKey.apply(used, tenant))) {
                throw refused(
                        "ota.tuf.root-online-keys", "the root does not list the public key of the " + name + " role");
            }
        }
        for (KeyId rootKey : root.role(RoleType.ROOT).keyIds()) {
            if (serverKeyIds.contains(rootKey)) {
                throw refused(
                        "ota.tuf.root-online-keys",
                        "a key the server holds cannot sign for the root role:" + " the root's keys are offline");
            }
        }
        if (!signed.isSignedBy(root.keys(), root.role(RoleType.ROOT))) {
            throw refused(
                    "ota.tuf.root-signature",
                    "the root is not signed by a threshold ("
                            + root.role(RoleType.ROOT).threshold() + ") of its own root keys");
        }
        if (previousFile.isEmpty()) {
            if (root.version() != 1) {
                throw new ConflictException(
                        "ota.tuf.root-version", "the first root is version 1, not " + root.version());
            }
            return new Imported(root, promoted, false);
        }
        Root previous = SignedMetadata.parse(previousFile.get(), Root.class).role();
        if (root.version() != previous.version() + 1) {
            throw new ConflictException(
                    "ota.tuf.root-version",
                    "the next root is version " + (previous.version() + 1) + ", not " + root.version());
        }
        if (!signed.isSignedBy(previous.keys(), previous.role(RoleType.ROOT))) {
            throw refused(
                    "ota.tuf.root-signature",
                    "root " + root.version() + " is not signed by a threshold ("
                            + previous.role(RoleType.ROOT).threshold() + ") of root " + previous.version() + "'s keys");
        }
        return new Imported(root, promoted, false);
    }

    private static @org.jspecify.annotations.Nullable KeyRow find(List<KeyRow> rows, String role, String state) {
        return rows.stream()
                .filter(row -> row.role().equals(role) && row.state().equals(state))
                .findFirst()
                .orElse(null);
    }

    private static InvalidInputException refused(String code, String detail) {
        return new InvalidInputException(code, "root", detail);
    }
}
