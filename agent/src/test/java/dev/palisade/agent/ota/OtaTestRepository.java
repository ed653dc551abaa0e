package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.Tier;
import dev.palisade.protocol.tuf.DelegatedRole;
import dev.palisade.protocol.tuf.Delegations;
import dev.palisade.protocol.tuf.KeyId;
import dev.palisade.protocol.tuf.MetaFile;
import dev.palisade.protocol.tuf.MetadataBuilder;
import dev.palisade.protocol.tuf.RepositoryLayout;
import dev.palisade.protocol.tuf.RoleKeys;
import dev.palisade.protocol.tuf.RoleMetadata;
import dev.palisade.protocol.tuf.RoleType;
import dev.palisade.protocol.tuf.Root;
import dev.palisade.protocol.tuf.Snapshot;
import dev.palisade.protocol.tuf.SoftwareMetadataSigner;
import dev.palisade.protocol.tuf.SpecVersion;
import dev.palisade.protocol.tuf.TargetFile;
import dev.palisade.protocol.tuf.Targets;
import dev.palisade.protocol.tuf.Timestamp;
import dev.palisade.protocol.tuf.TufKey;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Palisade-shaped TUF repository built with {@link MetadataBuilder}: root, timestamp, snapshot and top-level targets
 * keys, and one delegated role per tier ({@code <tier>/*}) with its own key, published into an {@link OtaTestServer}.
 */
final class OtaTestRepository {

    static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private final OtaTestServer server;
    private final Map<RoleType, SoftwareMetadataSigner> signers = new EnumMap<>(RoleType.class);
    private final Map<Tier, SoftwareMetadataSigner> tierSigners = new EnumMap<>(Tier.class);
    final Map<Tier, Map<String, TargetFile>> tierTargets = new EnumMap<>(Tier.class);
    final Map<String, TargetFile> topLevelTargets = new LinkedHashMap<>();
    Instant expires = LATER;
    Instant timestampExpires = LATER;
    long version = 0;

    OtaTestRepository(OtaTestServer server) {
        this.server = server;
        for (RoleType type : RoleType.values()) {
            signers.put(type, signer());
        }
        for (Tier tier : Tier.values()) {
            tierSigners.put(tier, signer());
            tierTargets.put(tier, new LinkedHashMap<>());
        }
        byte[] root = MetadataBuilder.sign(root(), List.of(signer(RoleType.ROOT)));
        server.metadata.put("root.json", root);
        server.metadata.put(RepositoryLayout.rootFile(1), root);
        publish();
    }

    /** The root a device ships with. */
    byte[] trustedRoot() {
        return Objects.requireNonNull(server.metadata.get("1.root.json"));
    }

    /** A release in its tier's role: the target entry with its custom fields, and its bytes as a blob. */
    TargetFile release(String name, String releaseId, long securityVersion, byte[] content) {
        String[] parts = name.split("/");
        TargetFile target = TargetFile.describing(name, content, custom(parts, releaseId, securityVersion));
        Objects.requireNonNull(tierTargets.get(Tier.fromWireName(parts[0]).orElseThrow()))
                .put(name, target);
        server.putBlob(content);
        return target;
    }

    static Map<String, Object> custom(String[] parts, String releaseId, long securityVersion) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("tier", parts[0]);
        custom.put("model", parts[1]);
        custom.put("hardwareRevision", parts[2]);
        custom.put("version", parts[3]);
        custom.put("securityVersion", securityVersion);
        custom.put("releaseId", releaseId);
        return custom;
    }

    /** The targets the role of {@code tier} lists at the next publication. */
    Map<String, TargetFile> tier(Tier tier) {
        return Objects.requireNonNull(tierTargets.get(tier));
    }

    /** New versions of every tier role, targets, snapshot and timestamp; older files stay served. */
    void publish() {
        version++;
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        List<DelegatedRole> roles = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            SoftwareMetadataSigner key = Objects.requireNonNull(tierSigners.get(tier));
            keys.put(key.keyId(), key.publicKey());
            roles.add(DelegatedRole.forPaths(
                    tier.wireName(), new RoleKeys(List.of(key.keyId()), 1), true, List.of(tier.wireName() + "/*/*/*")));
            byte[] bytes = MetadataBuilder.sign(
                    new Targets(
                            SpecVersion.CURRENT,
                            version,
                            expires,
                            Objects.requireNonNull(tierTargets.get(tier)),
                            Optional.empty()),
                    List.of(key));
            server.metadata.put(RepositoryLayout.metadataFile(tier.wireName(), version, true), bytes);
            meta.put(tier.wireName() + ".json", MetaFile.describing(version, bytes));
        }
        byte[] targets = sign(new Targets(
                SpecVersion.CURRENT, version, expires, topLevelTargets, Optional.of(new Delegations(keys, roles))));
        server.metadata.put(RepositoryLayout.metadataFile("targets", version, true), targets);
        meta.put("targets.json", MetaFile.describing(version, targets));
        byte[] snapshot = sign(new Snapshot(SpecVersion.CURRENT, version, expires, meta));
        server.metadata.put(RepositoryLayout.metadataFile("snapshot", version, true), snapshot);
        server.metadata.put(
                "timestamp.json",
                sign(new Timestamp(
                        SpecVersion.CURRENT, version, timestampExpires, MetaFile.describing(version, snapshot))));
    }

    private Root root() {
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
        signers.forEach((type, signer) -> {
            keys.put(signer.keyId(), signer.publicKey());
            roles.put(type, new RoleKeys(List.of(signer.keyId()), 1));
        });
        return new Root(SpecVersion.CURRENT, 1, LATER, true, keys, roles);
    }

    private byte[] sign(RoleMetadata role) {
        return MetadataBuilder.sign(role, List.of(signer(role.type())));
    }

    private SoftwareMetadataSigner signer(RoleType type) {
        return Objects.requireNonNull(signers.get(type));
    }

    private static SoftwareMetadataSigner signer() {
        try {
            return SoftwareMetadataSigner.of(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
