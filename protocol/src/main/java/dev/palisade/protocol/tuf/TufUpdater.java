package dev.palisade.protocol.tuf;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A TUF 1.0 client following the specification's detailed client workflow (sections 5.1 to 5.7): fixed start time,
 * trusted root, root chain update ({@code N.root.json} signed by a threshold of the old root and of itself, version
 * exactly N+1), freeze checks against an injected {@link Clock}, timestamp, snapshot and targets with their rollback,
 * version, length and hash checks, pre-order depth-first delegation search, and target verification.
 *
 * <p>Deliberately stricter than the specification in one respect: trusted metadata is persisted only once a whole
 * {@link #refresh()} has succeeded, so a refused update leaves storage exactly as it was (the specification persists
 * each role as soon as it is verified; both are safe, this one is simpler to reason about on a device).
 *
 * <p>Every failure is returned as a refusal value with a {@link RefusalReason}; nothing here throws for bad input from
 * the repository or storage. Instances are safe for use from several threads; calls are serialised.
 */
public final class TufUpdater {

    private static final String TARGETS = RoleType.TARGETS.roleName();

    private final RepositoryFetcher fetcher;
    private final TrustedMetadataStore store;
    private final Clock clock;
    private final UpdaterLimits limits;
    private final byte[] bootstrapRoot;

    private @Nullable Trusted trusted;

    /**
     * An updater for one repository.
     *
     * @param fetcher how files are fetched from the repository
     * @param store where trusted metadata is kept between runs
     * @param clock the time expiry is judged against
     * @param limits download and search bounds
     * @param bootstrapRoot the root metadata shipped with the device, used while the store holds no root yet
     */
    public TufUpdater(
            RepositoryFetcher fetcher,
            TrustedMetadataStore store,
            Clock clock,
            UpdaterLimits limits,
            byte[] bootstrapRoot) {
        this.fetcher = fetcher;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.bootstrapRoot = bootstrapRoot.clone();
    }

    private record Trusted(
            SignedMetadata<Root> root,
            SignedMetadata<Timestamp> timestamp,
            SignedMetadata<Snapshot> snapshot,
            SignedMetadata<Targets> targets) {}

    /** Brings root, timestamp, snapshot and top-level targets metadata up to date (workflow 5.1 to 5.6.6). */
    public synchronized UpdateResult refresh() {
        try {
            Trusted updated = update(clock.instant());
            trusted = updated;
            return new UpdateResult.Updated(
                    updated.root().role(),
                    updated.timestamp().role(),
                    updated.snapshot().role(),
                    updated.targets().role());
        } catch (TufException e) {
            return new UpdateResult.Refused(e.reason(), e.detail());
        }
    }

    /**
     * Searches trusted targets metadata for {@code targetPath} (workflow 5.6.7), refreshing first when no refresh has
     * succeeded yet.
     */
    public synchronized TargetLookup findTarget(String targetPath) {
        try {
            Trusted current = trusted;
            if (current == null) {
                if (refresh() instanceof UpdateResult.Refused refused) {
                    return new TargetLookup.Refused(refused.reason(), refused.detail());
                }
                current = trusted;
            }
            if (current == null) {
                throw new IllegalStateException("a successful refresh sets the trusted metadata");
            }
            return search(current, targetPath, clock.instant());
        } catch (TufException e) {
            return new TargetLookup.Refused(e.reason(), e.detail());
        }
    }

    /**
     * Downloads a target that {@link #findTarget(String)} found and checks its length and hashes (workflow 5.7). The
     * download stops after the trusted length, so a hostile server cannot send more.
     */
    public synchronized TargetDownload download(TargetFile target) {
        Trusted current = trusted;
        if (current == null) {
            return new TargetDownload.Refused(RefusalReason.MISSING_METADATA, "no trusted metadata: refresh first");
        }
        try {
            String name =
                    RepositoryLayout.targetFile(target, current.root().role().consistentSnapshot());
            byte[] content;
            try {
                content = fetcher.fetchTarget(name, target.length())
                        .orElseThrow(() -> new TufException(
                                RefusalReason.FETCH_FAILED, "the repository has no target file " + name));
            } catch (IOException e) {
                throw new TufException(RefusalReason.FETCH_FAILED, "fetching target " + name + " failed: " + e);
            }
            if (content.length > target.length()) {
                throw new TufException(
                        RefusalReason.LENGTH_EXCEEDED,
                        "target " + target.path() + " is longer than the " + target.length() + " bytes trusted");
            }
            if (content.length != target.length()) {
                throw new TufException(
                        RefusalReason.LENGTH_MISMATCH,
                        "target " + target.path() + " has " + content.length + " bytes, not " + target.length());
            }
            Optional<String> mismatch = Digests.mismatch(content, target.hashes());
            if (mismatch.isPresent()) {
                throw new TufException(RefusalReason.HASH_MISMATCH, "target " + target.path() + ": " + mismatch.get());
            }
            return new TargetDownload.Verified(target, content);
        } catch (TufException e) {
            return new TargetDownload.Refused(e.reason(), e.detail());
        }
    }

    /** Finds {@code targetPath} and downloads it: {@link #findTarget(String)} then {@link #download(TargetFile)}. */
    public synchronized TargetDownload fetchTarget(String targetPath) {
        return switch (findTarget(targetPath)) {
            case TargetLookup.Found found -> download(found.target());
            case TargetLookup.Refused refused -> new TargetDownload.Refused(refused.reason(), refused.detail());
        };
    }

    // ---- 5.2 to 5.6: the update --------------------------------------------------------------------------------

    private Trusted update(Instant start) {
        Optional<byte[]> storedRoot = stored(RoleType.ROOT.roleName());
        SignedMetadata<Root> original =
                SignedMetadata.read(storedRoot.orElse(bootstrapRoot), limits.rootMaxLength(), Root.class);
        requireSignedBy(original, original, "trusted root itself");
        SignedMetadata<Root> root = updateRoot(original);
        Root rootRole = root.role();
        requireFresh(root, start);

        boolean rotated = !original.role().role(RoleType.TIMESTAMP).equals(rootRole.role(RoleType.TIMESTAMP))
                || !original.role().role(RoleType.SNAPSHOT).equals(rootRole.role(RoleType.SNAPSHOT));
        // 5.3.11: after a rotation of the timestamp or snapshot keys the old files are not trusted any more, which is
        // how a client recovers from a fast-forward attack once the repository has recovered.
        @Nullable
        SignedMetadata<Timestamp> trustedTimestamp = rotated
                ? null
                : storedTrusted(
                        RoleType.TIMESTAMP.roleName(),
                        Timestamp.class,
                        rootRole.keys(),
                        rootRole.role(RoleType.TIMESTAMP));
        @Nullable
        SignedMetadata<Snapshot> trustedSnapshot = rotated
                ? null
                : storedTrusted(
                        RoleType.SNAPSHOT.roleName(),
                        Snapshot.class,
                        rootRole.keys(),
                        rootRole.role(RoleType.SNAPSHOT));
        @Nullable
        SignedMetadata<Targets> storedTargets =
                storedTrusted(TARGETS, Targets.class, rootRole.keys(), rootRole.role(RoleType.TARGETS));

        SignedMetadata<Timestamp> timestamp = updateTimestamp(root, trustedTimestamp, start);
        SignedMetadata<Snapshot> snapshot = updateSnapshot(root, timestamp, trustedSnapshot, start);
        SignedMetadata<Targets> targets = loadTargets(
                TARGETS,
                rootRole.keys(),
                rootRole.role(RoleType.TARGETS),
                snapshot,
                rootRole.consistentSnapshot(),
                storedTargets,
                start);

        if (root != original || storedRoot.isEmpty()) {
            persist(RoleType.ROOT.roleName(), root);
        }
        if (timestamp != trustedTimestamp) {
            persist(RoleType.TIMESTAMP.roleName(), timestamp);
        }
        if (snapshot != trustedSnapshot) {
            persist(RoleType.SNAPSHOT.roleName(), snapshot);
        }
        if (targets != storedTargets) {
            persist(TARGETS, targets);
        }
        return new Trusted(root, timestamp, snapshot, targets);
    }

    /** 5.3: follows {@code N+1.root.json} while the repository has one, up to the rotation limit. */
    private SignedMetadata<Root> updateRoot(SignedMetadata<Root> trustedRoot) {
        SignedMetadata<Root> root = trustedRoot;
        for (int rotation = 0; rotation < limits.maxRootRotations(); rotation++) {
            long current = root.role().version();
            Optional<byte[]> bytes = fetchMetadata(RepositoryLayout.rootFile(current + 1), limits.rootMaxLength());
            if (bytes.isEmpty()) {
                break;
            }
            SignedMetadata<Root> next = SignedMetadata.read(bytes.get(), limits.rootMaxLength(), Root.class);
            requireSignedBy(next, root, "trusted root v" + current);
            requireSignedBy(next, next, "new root itself");
            long version = next.role().version();
            if (version == current) {
                break;
            }
            if (version < current) {
                throw new TufException(
                        RefusalReason.ROLLBACK, "root v" + version + " served as " + (current + 1) + ".root.json");
            }
            if (version != current + 1) {
                throw new TufException(
                        RefusalReason.VERSION_MISMATCH,
                        "root v" + version + " served as " + (current + 1) + ".root.json");
            }
            root = next;
        }
        return root;
    }

    /** 5.4: the timestamp, which must not go back in version nor name an older snapshot. */
    private SignedMetadata<Timestamp> updateTimestamp(
            SignedMetadata<Root> root, @Nullable SignedMetadata<Timestamp> trustedTimestamp, Instant start) {
        String name = RoleType.TIMESTAMP.fileName();
        byte[] bytes = fetchMetadata(name, limits.timestampMaxLength())
                .orElseThrow(() -> missing("the repository has no " + name));
        SignedMetadata<Timestamp> timestamp = SignedMetadata.read(bytes, limits.timestampMaxLength(), Timestamp.class);
        timestamp.requireThreshold(root.role().keys(), root.role().role(RoleType.TIMESTAMP), "the timestamp keys");
        if (trustedTimestamp != null) {
            long trustedVersion = trustedTimestamp.role().version();
            long version = timestamp.role().version();
            if (version < trustedVersion) {
                throw new TufException(
                        RefusalReason.ROLLBACK, "timestamp v" + version + " is older than trusted v" + trustedVersion);
            }
            if (version == trustedVersion) {
                timestamp = trustedTimestamp;
            } else if (timestamp.role().snapshot().version()
                    < trustedTimestamp.role().snapshot().version()) {
                throw new TufException(
                        RefusalReason.ROLLBACK,
                        "timestamp v" + version + " names snapshot v"
                                + timestamp.role().snapshot().version() + ", older than the trusted v"
                                + trustedTimestamp.role().snapshot().version());
            }
        }
        requireFresh(timestamp, start);
        return timestamp;
    }

    /** 5.5: the snapshot the timestamp names, which must not drop or roll back any targets metadata. */
    private SignedMetadata<Snapshot> updateSnapshot(
            SignedMetadata<Root> root,
            SignedMetadata<Timestamp> timestamp,
            @Nullable SignedMetadata<Snapshot> trustedSnapshot,
            Instant start) {
        MetaFile expected = timestamp.role().snapshot();
        if (trustedSnapshot != null
                && trustedSnapshot.role().version() == expected.version()
                && describes(expected, trustedSnapshot.bytes())
                && !trustedSnapshot.role().isExpiredAt(start)) {
            return trustedSnapshot;
        }
        String name = RepositoryLayout.metadataFile(
                RoleType.SNAPSHOT.roleName(), expected.version(), root.role().consistentSnapshot());
        long maxLength = expected.length().orElse(limits.snapshotMaxLength());
        byte[] bytes = fetchMetadata(name, maxLength).orElseThrow(() -> missing("the repository has no " + name));
        requireDescribedBy(expected, bytes, name);
        SignedMetadata<Snapshot> snapshot = SignedMetadata.read(bytes, maxLength, Snapshot.class);
        snapshot.requireThreshold(root.role().keys(), root.role().role(RoleType.SNAPSHOT), "the snapshot keys");
        if (snapshot.role().version() != expected.version()) {
            throw new TufException(
                    RefusalReason.VERSION_MISMATCH,
                    "snapshot v" + snapshot.role().version() + " where the timestamp names v" + expected.version());
        }
        if (trustedSnapshot != null) {
            trustedSnapshot.role().meta().forEach((file, before) -> {
                MetaFile now = snapshot.role().meta().get(file);
                if (now == null) {
                    throw new TufException(
                            RefusalReason.ROLLBACK,
                            "snapshot v" + snapshot.role().version() + " no longer lists " + file);
                }
                if (now.version() < before.version()) {
                    throw new TufException(
                            RefusalReason.ROLLBACK,
                            "snapshot v" + snapshot.role().version() + " lists " + file + " v" + now.version()
                                    + ", older than the trusted v" + before.version());
                }
            });
        }
        requireFresh(snapshot, start);
        return snapshot;
    }

    /** 5.6.1 to 5.6.5: a targets role (top-level or delegated) at the version the snapshot names. */
    private SignedMetadata<Targets> loadTargets(
            String roleName,
            Map<KeyId, TufKey> keys,
            RoleKeys roleKeys,
            SignedMetadata<Snapshot> snapshot,
            boolean consistentSnapshot,
            @Nullable SignedMetadata<Targets> stored,
            Instant start) {
        MetaFile expected = snapshot.role()
                .targetsRole(roleName)
                .orElseThrow(() -> missing("snapshot v" + snapshot.role().version() + " does not list " + roleName));
        if (stored != null
                && stored.role().version() == expected.version()
                && describes(expected, stored.bytes())
                && !stored.role().isExpiredAt(start)) {
            return stored;
        }
        String name = RepositoryLayout.metadataFile(roleName, expected.version(), consistentSnapshot);
        long maxLength = expected.length().orElse(limits.targetsMaxLength());
        byte[] bytes = fetchMetadata(name, maxLength).orElseThrow(() -> missing("the repository has no " + name));
        requireDescribedBy(expected, bytes, name);
        SignedMetadata<Targets> targets = SignedMetadata.read(bytes, maxLength, Targets.class);
        targets.requireThreshold(keys, roleKeys, "the keys trusted for " + roleName);
        if (targets.role().version() != expected.version()) {
            throw new TufException(
                    RefusalReason.VERSION_MISMATCH,
                    roleName + " v" + targets.role().version() + " where the snapshot names v" + expected.version());
        }
        requireFresh(targets, start);
        return targets;
    }

    // ---- 5.6.7: delegation search ------------------------------------------------------------------------------

    private record Pending(String roleName, Map<KeyId, TufKey> keys, RoleKeys roleKeys) {}

    private TargetLookup search(Trusted current, String targetPath, Instant start) {
        Root root = current.root().role();
        Map<String, SignedMetadata<Targets>> verified = new LinkedHashMap<>();
        Deque<Pending> toVisit = new ArrayDeque<>();
        toVisit.push(new Pending(TARGETS, root.keys(), root.role(RoleType.TARGETS)));
        Set<String> visited = new HashSet<>();
        while (!toVisit.isEmpty() && visited.size() < limits.maxDelegations()) {
            Pending pending = toVisit.pop();
            if (!visited.add(pending.roleName())) {
                continue;
            }
            SignedMetadata<Targets> metadata = pending.roleName().equals(TARGETS)
                    ? current.targets()
                    : delegated(pending, current, verified, start);
            TargetFile target = metadata.role().targets().get(targetPath);
            if (target != null) {
                persistDelegated(verified);
                return new TargetLookup.Found(target, pending.roleName());
            }
            Optional<Delegations> delegations = metadata.role().delegations();
            if (delegations.isPresent()) {
                List<Pending> children = new ArrayList<>();
                for (DelegatedRole child : delegations.get().roles()) {
                    if (child.isTrustedFor(targetPath)) {
                        children.add(new Pending(child.name(), delegations.get().keys(), child.keys()));
                        if (child.terminating()) {
                            toVisit.clear();
                            break;
                        }
                    }
                }
                Collections.reverse(children);
                children.forEach(toVisit::push);
            }
        }
        persistDelegated(verified);
        return new TargetLookup.Refused(
                RefusalReason.UNKNOWN_TARGET, "no trusted targets metadata describes " + targetPath);
    }

    private SignedMetadata<Targets> delegated(
            Pending pending, Trusted current, Map<String, SignedMetadata<Targets>> verified, Instant start) {
        @Nullable
        SignedMetadata<Targets> stored =
                storedTrusted(pending.roleName(), Targets.class, pending.keys(), pending.roleKeys());
        SignedMetadata<Targets> metadata = loadTargets(
                pending.roleName(),
                pending.keys(),
                pending.roleKeys(),
                current.snapshot(),
                current.root().role().consistentSnapshot(),
                stored,
                start);
        if (metadata != stored) {
            verified.put(pending.roleName(), metadata);
        }
        return metadata;
    }

    private void persistDelegated(Map<String, SignedMetadata<Targets>> verified) {
        verified.forEach(this::persist);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static void requireSignedBy(SignedMetadata<Root> metadata, SignedMetadata<Root> signer, String who) {
        metadata.requireThreshold(signer.role().keys(), signer.role().role(RoleType.ROOT), who);
    }

    private static void requireFresh(SignedMetadata<?> metadata, Instant start) {
        RoleMetadata role = metadata.role();
        if (role.isExpiredAt(start)) {
            throw new TufException(
                    RefusalReason.EXPIRED,
                    role.type().roleName() + " v" + role.version() + " expired at " + role.expires()
                            + " (update started " + start + ")");
        }
    }

    /** Whether {@code bytes} have the length and hashes {@code expected} names (when it names them). */
    private static boolean describes(MetaFile expected, byte[] bytes) {
        return (expected.length().isEmpty() || expected.length().getAsLong() == bytes.length)
                && (expected.hashes().isEmpty()
                        || Digests.mismatch(bytes, expected.hashes()).isEmpty());
    }

    private static void requireDescribedBy(MetaFile expected, byte[] bytes, String name) {
        if (expected.length().isPresent() && expected.length().getAsLong() != bytes.length) {
            throw new TufException(
                    RefusalReason.LENGTH_MISMATCH,
                    name + " has " + bytes.length + " bytes where "
                            + expected.length().getAsLong() + " are listed");
        }
        if (!expected.hashes().isEmpty()) {
            Optional<String> mismatch = Digests.mismatch(bytes, expected.hashes());
            if (mismatch.isPresent()) {
                throw new TufException(RefusalReason.HASH_MISMATCH, name + ": " + mismatch.get());
            }
        }
    }

    private Optional<byte[]> fetchMetadata(String name, long maxLength) {
        Optional<byte[]> bytes;
        try {
            bytes = fetcher.fetchMetadata(name, maxLength);
        } catch (IOException e) {
            throw new TufException(RefusalReason.FETCH_FAILED, "fetching " + name + " failed: " + e);
        }
        if (bytes.isPresent() && bytes.get().length > maxLength) {
            throw new TufException(
                    RefusalReason.LENGTH_EXCEEDED, name + " is longer than the " + maxLength + " bytes allowed");
        }
        return bytes;
    }

    private Optional<byte[]> stored(String roleName) {
        try {
            return store.load(roleName);
        } catch (IOException e) {
            throw new TufException(RefusalReason.STORAGE_FAILED, "reading trusted " + roleName + " failed: " + e);
        }
    }

    /**
     * Stored metadata of a role, if it still verifies against the keys now trusted for it; storage that no longer
     * verifies (keys rotated, file damaged) is ignored rather than trusted.
     */
    private <T extends RoleMetadata> @Nullable SignedMetadata<T> storedTrusted(
            String roleName, Class<T> type, Map<KeyId, TufKey> keys, RoleKeys roleKeys) {
        Optional<byte[]> bytes = stored(roleName);
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            SignedMetadata<T> metadata = SignedMetadata.read(bytes.get(), Long.MAX_VALUE, type);
            return metadata.isSignedBy(keys, roleKeys) ? metadata : null;
        } catch (TufException e) {
            return null;
        }
    }

    private void persist(String roleName, SignedMetadata<?> metadata) {
        try {
            store.store(roleName, metadata.bytes());
        } catch (IOException e) {
            throw new TufException(RefusalReason.STORAGE_FAILED, "writing trusted " + roleName + " failed: " + e);
        }
    }

    private static TufException missing(String detail) {
        return new TufException(RefusalReason.MISSING_METADATA, detail);
    }
}
