package dev.palisade.ota.internal;

import dev.palisade.keys.SigningKey;
import dev.palisade.ota.TufProperties;
import dev.palisade.ota.UpdateTier;
import dev.palisade.ota.internal.TufStore.MetadataRow;
import dev.palisade.protocol.tuf.DelegatedRole;
import dev.palisade.protocol.tuf.Delegations;
import dev.palisade.protocol.tuf.KeyId;
import dev.palisade.protocol.tuf.MetaFile;
import dev.palisade.protocol.tuf.MetadataBuilder;
import dev.palisade.protocol.tuf.MetadataSigner;
import dev.palisade.protocol.tuf.RoleKeys;
import dev.palisade.protocol.tuf.SignedMetadata;
import dev.palisade.protocol.tuf.Snapshot;
import dev.palisade.protocol.tuf.SpecVersion;
import dev.palisade.protocol.tuf.TargetFile;
import dev.palisade.protocol.tuf.Targets;
import dev.palisade.protocol.tuf.Timestamp;
import dev.palisade.protocol.tuf.TufKey;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Signs the next versions of a tenant's online metadata, in the order TUF chains them: tier targets, then top-level
 * targets (whose delegations name the tier keys), then snapshot (which names every targets version), then timestamp
 * (which names the snapshot). Callers hold the tenant's repository lock.
 */
public final class TufMetadataWriter {

    /** The target path pattern each tier's role is confined to: {@code <tier>/<model>/<hardwareRevision>/<version>}. */
    public static String pathPattern(UpdateTier tier) {
        return tier.wireName() + "/*/*/*";
    }

    /** What to re-sign: tiers with their new target lists, and whether top-level targets, snapshot, timestamp must. */
    public record Changes(
            Map<UpdateTier, Map<String, TargetFile>> tiers, boolean targets, boolean snapshot, boolean timestamp) {

        public Changes {
            tiers = Map.copyOf(tiers);
        }
    }

    private final TufStore store;
    private final TufProperties properties;
    private final Function<String, SigningKey> activeKeys;

    /**
     * @param activeKeys the active key of a role ({@code targets}, {@code snapshot}, {@code timestamp} or a tier's
     *     wire name)
     */
    public TufMetadataWriter(TufStore store, TufProperties properties, Function<String, SigningKey> activeKeys) {
        this.store = store;
        this.properties = properties;
        this.activeKeys = activeKeys;
    }

    /** Writes what {@code changes} asks for, and whatever must follow from it. */
    public void write(TenantId tenant, Instant now, Changes changes) {
        boolean snapshot = changes.snapshot();
        for (var tier : changes.tiers().entrySet()) {
            String role = tier.getKey().wireName();
            insert(
                    tenant,
                    now,
                    role,
                    version -> MetadataBuilder.sign(
                            new Targets(
                                    SpecVersion.CURRENT, version, expiry(now, role), tier.getValue(), Optional.empty()),
                            List.of(signer(role))));
            snapshot = true;
        }
        if (changes.targets()) {
            insert(
                    tenant,
                    now,
                    "targets",
                    version -> MetadataBuilder.sign(
                            new Targets(
                                    SpecVersion.CURRENT,
                                    version,
                                    expiry(now, "targets"),
                                    Map.of(),
                                    Optional.of(delegations())),
                            List.of(signer("targets"))));
            snapshot = true;
        }
        if (snapshot) {
            Map<String, MetaFile> meta = new LinkedHashMap<>();
            for (String role : targetsRoles()) {
                MetadataRow latest = store.latest(tenant, role)
                        .orElseThrow(() -> new IllegalStateException("no " + role + " metadata to snapshot"));
                meta.put(role + ".json", MetaFile.describing(latest.version(), latest.bytes()));
            }
            insert(
                    tenant,
                    now,
                    "snapshot",
                    version -> MetadataBuilder.sign(
                            new Snapshot(SpecVersion.CURRENT, version, expiry(now, "snapshot"), meta),
                            List.of(signer("snapshot"))));
        }
        if (snapshot || changes.timestamp()) {
            MetadataRow latest = store.latest(tenant, "snapshot").orElseThrow();
            insert(
                    tenant,
                    now,
                    "timestamp",
                    version -> MetadataBuilder.sign(
                            new Timestamp(
                                    SpecVersion.CURRENT,
                                    version,
                                    expiry(now, "timestamp"),
                                    MetaFile.describing(latest.version(), latest.bytes())),
                            List.of(signer("timestamp"))));
        }
    }

    /**
     * The changes that keep every role's metadata fresh at {@code now}: a role is re-signed once less than half of its
     * lifetime is left (and then so is everything that names it).
     */
    public Changes expiring(TenantId tenant, Instant now) {
        Map<UpdateTier, Map<String, TargetFile>> tiers = new LinkedHashMap<>();
        for (UpdateTier tier : UpdateTier.values()) {
            if (dueAt(tenant, tier.wireName(), now)) {
                tiers.put(tier, targetsOf(tenant, tier));
            }
        }
        return new Changes(
                tiers, dueAt(tenant, "targets", now), dueAt(tenant, "snapshot", now), dueAt(tenant, "timestamp", now));
    }

    /** The targets the tier's newest metadata lists (none before the repository has any). */
    public Map<String, TargetFile> targetsOf(TenantId tenant, UpdateTier tier) {
        return store.latest(tenant, tier.wireName())
                .map(row ->
                        SignedMetadata.parse(row.bytes(), Targets.class).role().targets())
                .orElse(Map.of());
    }

    private boolean dueAt(TenantId tenant, String role, Instant now) {
        Instant halfway = now.plus(properties.lifetime(role).dividedBy(2));
        return store.latest(tenant, role)
                .map(row -> row.expires().isBefore(halfway))
                .orElse(true);
    }

    private void insert(TenantId tenant, Instant now, String role, Function<Long, byte[]> signVersion) {
        long version = store.latest(tenant, role).map(row -> row.version() + 1).orElse(1L);
        byte[] bytes = signVersion.apply(version);
        store.insertMetadata(tenant, new MetadataRow(role, version, bytes, expiry(now, role)), now);
    }

    private Delegations delegations() {
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        List<DelegatedRole> roles = new java.util.ArrayList<>();
        for (UpdateTier tier : UpdateTier.values()) {
            TufKey key = TufKey.of(activeKeys.apply(tier.wireName()).publicKey());
            keys.put(key.keyId(), key);
            // terminating: a target under one tier's pattern is never looked up in another tier's role
            roles.add(DelegatedRole.forPaths(
                    tier.wireName(), new RoleKeys(List.of(key.keyId()), 1), true, List.of(pathPattern(tier))));
        }
        return new Delegations(keys, roles);
    }

    private Instant expiry(Instant now, String role) {
        return now.plus(properties.lifetime(role)).truncatedTo(ChronoUnit.SECONDS);
    }

    private MetadataSigner signer(String role) {
        return new CustodySigner(activeKeys.apply(role));
    }

    private static List<String> targetsRoles() {
        List<String> roles = new java.util.ArrayList<>(List.of("targets"));
        for (UpdateTier tier : UpdateTier.values()) {
            roles.add(tier.wireName());
        }
        return roles;
    }

    /** The metadata roles the server signs. */
    public static Set<String> onlineRoles() {
        Set<String> roles = new java.util.LinkedHashSet<>(List.of("targets", "snapshot", "timestamp"));
        for (UpdateTier tier : UpdateTier.values()) {
            roles.add(tier.wireName());
        }
        return roles;
    }

    /** A key in custody as a TUF metadata signer: P-256 keys sign ECDSA with SHA-256, DER-encoded, as TUF expects. */
    record CustodySigner(SigningKey key) implements MetadataSigner {

        @Override
        public KeyId keyId() {
            return TufKey.of(key.publicKey()).keyId();
        }

        @Override
        public byte[] sign(byte[] canonicalSigned) {
            return key.sign(canonicalSigned);
        }
    }
}
