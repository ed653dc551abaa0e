package dev.palisade.protocol.tuf;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory TUF repository built with {@link MetadataBuilder}, served through {@link RepositoryFetcher} with the
 * standard layout, and easy to tamper with.
 */
final class TestRepository implements RepositoryFetcher {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    final Map<String, byte[]> metadata = new HashMap<>();
    final Map<String, byte[]> targetFiles = new HashMap<>();
    final List<String> requests = new ArrayList<>();
    final Map<String, Long> requestedMaxLengths = new HashMap<>();

    final Map<RoleType, List<SoftwareMetadataSigner>> signers = new LinkedHashMap<>();
    final Map<RoleType, Integer> thresholds = new LinkedHashMap<>();
    final Map<String, TargetFile> targets = new LinkedHashMap<>();
    final List<DelegatedRole> delegatedRoles = new ArrayList<>();
    final Map<String, SoftwareMetadataSigner> delegatedSigners = new LinkedHashMap<>();
    final Map<String, Map<String, TargetFile>> delegatedTargets = new LinkedHashMap<>();

    boolean consistentSnapshot = true;
    boolean snapshotListsHashes = true;
    Instant expires = LATER;
    long rootVersion = 1;
    long timestampVersion = 0;
    long snapshotVersion = 0;
    long targetsVersion = 0;
    final Map<String, Long> delegatedVersions = new HashMap<>();

    TestRepository() {
        for (RoleType type : RoleType.values()) {
            signers.put(type, new ArrayList<>(List.of(signer())));
            thresholds.put(type, 1);
        }
        publishRoot();
        publish();
    }

    static SoftwareMetadataSigner signer() {
        return SoftwareMetadataSigner.of(keyPair("Ed25519"));
    }

    static KeyPair keyPair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            } else if (algorithm.equals("EC")) {
                generator.initialize(256);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] file(String name) {
        return java.util.Objects.requireNonNull(metadata.get(name), name);
    }

    List<SoftwareMetadataSigner> signersOf(RoleType type) {
        return java.util.Objects.requireNonNull(signers.get(type));
    }

    TargetFile target(String path) {
        return java.util.Objects.requireNonNull(targets.get(path), path);
    }

    Root root() {
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
        signers.forEach((type, list) -> {
            list.forEach(s -> keys.put(s.keyId(), s.publicKey()));
            roles.put(
                    type,
                    new RoleKeys(
                            list.stream().map(SoftwareMetadataSigner::keyId).toList(),
                            thresholds.getOrDefault(type, 1)));
        });
        return new Root(SpecVersion.CURRENT, rootVersion, expires, consistentSnapshot, keys, roles);
    }

    /** Publishes root at {@link #rootVersion}, signed by the current root keys and any {@code extra} signers. */
    byte[] publishRoot(SoftwareMetadataSigner... extra) {
        List<SoftwareMetadataSigner> all = new ArrayList<>(signersOf(RoleType.ROOT));
        all.addAll(Arrays.asList(extra));
        byte[] bytes = MetadataBuilder.sign(root(), all);
        metadata.put(RepositoryLayout.rootFile(rootVersion), bytes);
        metadata.put("root.json", bytes);
        return bytes;
    }

    void addTarget(String path, byte[] content) {
        targets.put(
                path, TargetFile.describing(path, content, Map.of("hardwareId", "meter-v2", "securityVersion", 3L)));
        putTargetFile(targets.get(path), content);
    }

    void putTargetFile(TargetFile target, byte[] content) {
        targetFiles.put(RepositoryLayout.targetFile(target, consistentSnapshot), content);
    }

    /** Delegates {@code patterns} from the top-level targets to a new role that lists {@code paths}. */
    void delegate(String name, boolean terminating, List<String> patterns) {
        SoftwareMetadataSigner key = signer();
        delegatedSigners.put(name, key);
        delegatedRoles.add(DelegatedRole.forPaths(name, new RoleKeys(List.of(key.keyId()), 1), terminating, patterns));
        delegatedTargets.put(name, new LinkedHashMap<>());
    }

    void addDelegatedTarget(String role, String path, byte[] content) {
        TargetFile target = TargetFile.describing(path, content, Map.of());
        java.util.Objects.requireNonNull(delegatedTargets.get(role)).put(path, target);
        putTargetFile(target, content);
    }

    /** Publishes new targets, delegated targets, snapshot and timestamp versions. */
    void publish() {
        targetsVersion++;
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        Optional<Delegations> delegations = Optional.empty();
        if (!delegatedRoles.isEmpty()) {
            Map<KeyId, TufKey> keys = new LinkedHashMap<>();
            delegatedSigners.values().forEach(s -> keys.put(s.keyId(), s.publicKey()));
            delegations = Optional.of(new Delegations(keys, delegatedRoles));
            delegatedTargets.forEach((role, files) -> {
                long version = delegatedVersions.merge(role, 1L, Long::sum);
                byte[] bytes = MetadataBuilder.sign(
                        new Targets(SpecVersion.CURRENT, version, expires, files, Optional.empty()),
                        List.of(java.util.Objects.requireNonNull(delegatedSigners.get(role))));
                metadata.put(RepositoryLayout.metadataFile(role, version, consistentSnapshot), bytes);
                meta.put(role + ".json", snapshotEntry(version, bytes));
            });
        }
        byte[] targetsBytes = sign(new Targets(SpecVersion.CURRENT, targetsVersion, expires, targets, delegations));
        metadata.put(RepositoryLayout.metadataFile("targets", targetsVersion, consistentSnapshot), targetsBytes);
        meta.put("targets.json", snapshotEntry(targetsVersion, targetsBytes));
        snapshotVersion++;
        publishSnapshot(new Snapshot(SpecVersion.CURRENT, snapshotVersion, expires, meta));
    }

    MetaFile snapshotEntry(long version, byte[] bytes) {
        return snapshotListsHashes ? MetaFile.describing(version, bytes) : MetaFile.ofVersion(version);
    }

    void publishSnapshot(Snapshot snapshot) {
        byte[] bytes = sign(snapshot);
        metadata.put(RepositoryLayout.metadataFile("snapshot", snapshot.version(), consistentSnapshot), bytes);
        timestampVersion++;
        publishTimestamp(new Timestamp(
                SpecVersion.CURRENT, timestampVersion, expires, MetaFile.describing(snapshot.version(), bytes)));
    }

    void publishTimestamp(Timestamp timestamp) {
        metadata.put("timestamp.json", sign(timestamp));
    }

    byte[] sign(RoleMetadata role) {
        return MetadataBuilder.sign(role, signersOf(role.type()));
    }

    TufUpdater updater(TrustedMetadataStore store) {
        return new TufUpdater(
                this,
                store,
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                UpdaterLimits.DEFAULTS,
                file("1.root.json"));
    }

    @Override
    public Optional<byte[]> fetchMetadata(String fileName, long maxLength) {
        return serve(metadata, fileName, maxLength);
    }

    @Override
    public Optional<byte[]> fetchTarget(String fileName, long maxLength) {
        return serve(targetFiles, fileName, maxLength);
    }

    private Optional<byte[]> serve(Map<String, byte[]> files, String fileName, long maxLength) {
        requests.add(fileName);
        requestedMaxLengths.put(fileName, maxLength);
        byte[] bytes = files.get(fileName);
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(bytes, (int) Math.min(bytes.length, maxLength + 1)));
    }

    /** A store in memory. */
    static final class MemoryStore implements TrustedMetadataStore {
        final Map<String, byte[]> files = new HashMap<>();

        @Override
        public Optional<byte[]> load(String roleName) {
            return Optional.ofNullable(files.get(roleName)).map(byte[]::clone);
        }

        @Override
        public void store(String roleName, byte[] metadata) {
            files.put(roleName, metadata.clone());
        }

        Map<String, String> snapshot() {
            Map<String, String> copy = new HashMap<>();
            files.forEach((k, v) -> copy.put(k, java.util.HexFormat.of().formatHex(v)));
            return copy;
        }
    }
}
