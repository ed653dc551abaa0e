package dev.palisade.ota;

import dev.palisade.audit.AuditLog;
import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.ota.internal.TufMetadataWriter;
import dev.palisade.ota.internal.TufMetadataWriter.Changes;
import dev.palisade.ota.internal.TufStore;
import dev.palisade.ota.internal.TufStore.KeyRow;
import dev.palisade.ota.internal.TufStore.MetadataRow;
import dev.palisade.protocol.tuf.TargetFile;
import dev.palisade.protocol.tuf.TufKey;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.TenantDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Each tenant's TUF repository. The root is offline (made by {@code palisade ota tuf init-root} and imported); the
 * server holds one key per online role in key custody: top-level {@code targets}, which only delegates, one delegated
 * targets role per update tier confined to {@code <tier>/*}{@code /*}{@code /*} paths, {@code snapshot} and {@code
 * timestamp}. Publishing a release adds its target to its tier's metadata in the publishing transaction; a scheduler
 * re-signs whatever has less than half its lifetime left. All writes of a tenant are serialised by a row lock.
 */
@Service
public class TufRepository {

    /** A key the server holds for an online role, as the root ceremony needs it. */
    public record OnlineKey(String role, int generation, String state, TufKey key) {}

    private static final Pattern VERSIONED = Pattern.compile("([1-9][0-9]{0,17})\\.([a-z]{1,32})\\.json");
    private static final Logger log = LoggerFactory.getLogger(TufRepository.class);

    private final TenantTransactions transactions;
    private final TufStore store;
    private final OtaRepository releases;
    private final KeyCustody custody;
    private final AuditLog audit;
    private final TenantDirectory tenants;
    private final TufProperties properties;
    private final Clock clock;

    TufRepository(
            TenantTransactions transactions,
            TufStore store,
            OtaRepository releases,
            KeyCustody custody,
            AuditLog audit,
            TenantDirectory tenants,
            TufProperties properties,
            Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.releases = releases;
        this.custody = custody;
        this.audit = audit;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The keys the server holds for the tenant's online roles, made on first use: what the root ceremony must name for
     * targets, snapshot and timestamp (the pending key where there is one, else the active one), and the tier keys the
     * top-level targets role delegates to.
     */
    public List<OnlineKey> onlineKeys(Caller caller) {
        TenantId tenant = caller.tenant();
        return transactions.inTenant(tenant, () -> {
            store.lockKeys(tenant);
            List<KeyRow> rows = store.keys(tenant);
            for (String role : TufMetadataWriter.onlineRoles()) {
                if (rows.stream().noneMatch(row -> row.role().equals(role))) {
                    insertKey(tenant, role, "active");
                }
            }
            return store.keys(tenant).stream()
                    .map(row -> new OnlineKey(
                            row.role(),
                            row.generation(),
                            row.state(),
                            TufKey.of(key(tenant, row.role(), row.generation()).publicKey())))
                    .toList();
        });
    }

    /**
     * Makes a new key for {@code role}. A tier's key replaces the old one at once: the top-level targets role re-signs
     * the delegation and the tier's metadata is re-signed with the new key. A top-level role's key (targets, snapshot,
     * timestamp) stays pending until a root naming it is imported, since only the root can vouch for it.
     */
    public OnlineKey rotateKey(Caller caller, String role) {
        if (!TufMetadataWriter.onlineRoles().contains(role)) {
            throw new InvalidInputException(
                    "ota.tuf.unknown-role", "role", "the server holds keys for targets, snapshot, timestamp and tiers");
        }
        TenantId tenant = caller.tenant();
        return transactions.inTenant(tenant, () -> {
            Optional<UpdateTier> tier = UpdateTier.ofWireName(role);
            if (tier.isPresent()) {
                if (!store.lockRepository(tenant)) {
                    throw noRepository();
                }
                KeyRow row = insertKey(tenant, role, "pending");
                store.promotePending(tenant, role);
                Map<UpdateTier, Map<String, TargetFile>> tiers =
                        Map.of(tier.get(), writer(tenant).targetsOf(tenant, tier.get()));
                writer(tenant).write(tenant, clock.instant(), new Changes(tiers, true, true, true));
                auditKey(caller, row, "ota.tuf-key-rotated");
                return view(tenant, row, "active");
            }
            store.lockKeys(tenant);
            store.keys(tenant).stream()
                    .filter(existing ->
                            existing.role().equals(role) && existing.state().equals("pending"))
                    .findAny()
                    .ifPresent(pending -> {
                        throw new ConflictException(
                                "ota.tuf.key-pending",
                                "the " + role + " role already has a pending key; import a root naming it first");
                    });
            KeyRow row = insertKey(tenant, role, "pending");
            auditKey(caller, row, "ota.tuf-key-created");
            return view(tenant, row, "pending");
        });
    }

    /**
     * Imports a root signed offline. The first is version 1 and starts the repository (every published release is
     * listed in its tier); each later one is the next version, signed by a threshold of the previous root's keys and
     * of its own. It must name exactly the server's key for each online role, with threshold 1, and no server key for
     * the root role.
     */
    public TufRootImport.Imported importRoot(Caller caller, byte[] rootFile) {
        TenantId tenant = caller.tenant();
        return transactions.inTenant(tenant, () -> {
            store.lockKeys(tenant);
            boolean exists = store.lockRepository(tenant);
            Optional<MetadataRow> previous = exists ? store.latest(tenant, "root") : Optional.empty();
            Instant now = clock.instant();
            var imported = TufRootImport.verify(
                    rootFile, previous.map(MetadataRow::bytes), store.keys(tenant), this::publicKey, tenant, now);
            if (imported.unchanged()) {
                return imported;
            }
            imported.promoted().forEach(role -> store.promotePending(tenant, role));
            store.insertMetadata(
                    tenant,
                    new MetadataRow(
                            "root",
                            imported.root().version(),
                            rootFile,
                            imported.root().expires()),
                    now);
            TufMetadataWriter writer = writer(tenant);
            if (!exists) {
                store.createRepository(tenant, now);
                Map<UpdateTier, Map<String, TargetFile>> tiers = new EnumMap<>(UpdateTier.class);
                for (UpdateTier tier : UpdateTier.values()) {
                    tiers.put(tier, new LinkedHashMap<>());
                }
                for (Release release :
                        releases.releases(tenant, null, null, null, ReleaseState.PUBLISHED, null, Integer.MAX_VALUE)) {
                    Map<String, TargetFile> tierTargets = tiers.get(release.tier());
                    TargetFile target = TufTargets.of(ReleasePublished.of(release));
                    if (tierTargets != null) {
                        tierTargets.put(target.path(), target);
                    }
                }
                writer.write(tenant, now, new Changes(tiers, true, true, true));
            } else {
                // the new root may name new targets, snapshot or timestamp keys: re-sign them all under it
                writer.write(tenant, now, new Changes(Map.of(), true, true, true));
            }
            audit.append(caller.audit(
                            "ota.tuf-root-imported",
                            "tuf-root:" + imported.root().version())
                    .withDetails(Map.of(
                            "version",
                            String.valueOf(imported.root().version()),
                            "expires",
                            imported.root().expires().toString(),
                            "rootThreshold",
                            String.valueOf(imported.root()
                                    .role(dev.palisade.protocol.tuf.RoleType.ROOT)
                                    .threshold()),
                            "promotedKeys",
                            String.join(",", imported.promoted()))));
            return imported;
        });
    }

    /**
     * Adds a published release to its tier's targets metadata, in the publishing transaction: a release is either
     * published and signed, or neither. Tenants without a repository yet get theirs when the first root is imported.
     */
    @EventListener
    void on(ReleasePublished published) {
        TenantId tenant = published.tenant();
        transactions.inTenant(tenant, () -> {
            if (!store.lockRepository(tenant)) {
                log.debug(
                        "Tenant {} has no TUF repository yet; release {} is listed when its root is imported",
                        tenant,
                        published.release());
                return;
            }
            TufMetadataWriter writer = writer(tenant);
            Map<String, TargetFile> targets = new LinkedHashMap<>(writer.targetsOf(tenant, published.tier()));
            TargetFile target = TufTargets.of(published);
            targets.put(target.path(), target);
            writer.write(tenant, clock.instant(), new Changes(Map.of(published.tier(), targets), false, false, false));
        });
    }

    /**
     * Removes a withdrawn release from its tier's targets metadata, in the withdrawing transaction: a conforming client
     * no longer finds the target after its next refresh, so no device installs it, whatever it was told.
     */
    @EventListener
    void on(ReleaseWithdrawn withdrawn) {
        TenantId tenant = withdrawn.tenant();
        transactions.inTenant(tenant, () -> {
            if (!store.lockRepository(tenant)) {
                return; // no repository yet: the release is not listed anywhere
            }
            TufMetadataWriter writer = writer(tenant);
            Map<String, TargetFile> targets = new LinkedHashMap<>(writer.targetsOf(tenant, withdrawn.tier()));
            if (targets.remove(withdrawn.targetPath()) != null) {
                writer.write(
                        tenant, clock.instant(), new Changes(Map.of(withdrawn.tier(), targets), false, false, false));
            }
        });
    }

    /** Re-signs, in every tenant's repository, whatever has less than half its lifetime left. */
    @Scheduled(
            fixedDelayString = "${palisade.ota.tuf.refresh-interval:PT10M}",
            initialDelayString = "${palisade.ota.tuf.refresh-interval:PT10M}")
    void refreshAll() {
        Instant now = clock.instant();
        for (TenantId tenant : tenants.all()) {
            try {
                refreshExpiring(tenant, now);
            } catch (RuntimeException e) {
                log.warn("Re-signing the TUF metadata of tenant {} failed", tenant, e);
            }
        }
    }

    /** Re-signs the tenant's metadata that has less than half its lifetime left at {@code now}; whether it did. */
    public boolean refreshExpiring(TenantId tenant, Instant now) {
        return transactions.inTenant(tenant, () -> {
            if (!store.lockRepository(tenant)) {
                return false;
            }
            TufMetadataWriter writer = writer(tenant);
            Changes changes = writer.expiring(tenant, now);
            if (changes.tiers().isEmpty() && !changes.targets() && !changes.snapshot() && !changes.timestamp()) {
                return false;
            }
            writer.write(tenant, now, changes);
            return true;
        });
    }

    /**
     * A metadata file of the tenant's repository by its TUF name: {@code root.json} and {@code timestamp.json} (the
     * newest), {@code N.root.json}, and {@code N.ROLE.json} for snapshot, targets and the tiers.
     */
    public Optional<byte[]> metadataFile(TenantId tenant, String fileName) {
        return transactions.readInTenant(tenant, () -> {
            if (fileName.equals("root.json") || fileName.equals("timestamp.json")) {
                return store.latest(tenant, fileName.substring(0, fileName.length() - 5))
                        .map(MetadataRow::bytes);
            }
            Matcher versioned = VERSIONED.matcher(fileName);
            if (!versioned.matches() || versioned.group(2).equals("timestamp")) {
                return Optional.empty();
            }
            return store.version(tenant, versioned.group(2), Long.parseLong(versioned.group(1)))
                    .map(MetadataRow::bytes);
        });
    }

    private TufMetadataWriter writer(TenantId tenant) {
        Map<String, SigningKey> active = new LinkedHashMap<>();
        for (KeyRow row : store.keys(tenant)) {
            if (row.state().equals("active")) {
                active.put(row.role(), key(tenant, row.role(), row.generation()));
            }
        }
        return new TufMetadataWriter(store, properties, role -> {
            SigningKey key = active.get(role);
            if (key == null) {
                throw new IllegalStateException("tenant " + tenant + " has no active " + role + " key");
            }
            return key;
        });
    }

    private KeyRow insertKey(TenantId tenant, String role, String state) {
        int generation = store.nextGeneration(tenant, role);
        SigningKey key = key(tenant, role, generation);
        KeyRow row =
                new KeyRow(role, generation, TufKey.of(key.publicKey()).keyId().hex(), state);
        store.insertKey(tenant, row, clock.instant());
        return row;
    }

    private TufKey publicKey(KeyRow row, TenantId tenant) {
        return TufKey.of(key(tenant, row.role(), row.generation()).publicKey());
    }

    /** ECDSA P-256: TUF's {@code ecdsa-sha2-nistp256}, and a key an HSM holds (ADR 6 keeps Ed25519 out of tokens). */
    private SigningKey key(TenantId tenant, String role, int generation) {
        return custody.getOrCreate(
                KeyAlias.of("tenant/" + tenant + "/tuf/" + role + "/" + generation), KeyAlgorithm.ECDSA_P256);
    }

    private OnlineKey view(TenantId tenant, KeyRow row, String state) {
        return new OnlineKey(row.role(), row.generation(), state, publicKey(row, tenant));
    }

    private void auditKey(Caller caller, KeyRow row, String action) {
        audit.append(caller.audit(action, "tuf-key:" + row.role() + "/" + row.generation())
                .withDetails(Map.of("role", row.role(), "keyId", row.keyId())));
    }

    static NotFoundException noRepository() {
        return new NotFoundException(
                "ota.tuf.no-repository", "the tenant has no TUF repository yet: import a root signed offline first");
    }
}
