package dev.palisade.provisioning.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.provisioning.FirmwareVersion;
import dev.palisade.provisioning.ImportedManifest;
import dev.palisade.provisioning.ManifestEntry;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for manifests and their entries; every statement is filtered by tenant. */
@Repository
public class ManifestRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ManifestRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public void insert(TenantId tenant, UUID manufacturer, ImportedManifest manifest, String importedBy) {
        jdbc.sql("""
                        insert into manifest (tenant_id, id, manufacturer_id, content_sha256, entry_count, imported_at,
                                              imported_by)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant.value(),
                        manifest.id(),
                        manufacturer,
                        manifest.contentSha256(),
                        manifest.entries().size(),
                        Timestamp.from(manifest.importedAt()),
                        importedBy)
                .update();
        // one batch, which the driver sends as multi-row statements: a manifest lists thousands of devices
        batch.batchUpdate(
                """
                insert into manifest_entry (tenant_id, id, manifest_id, manufacturer_id, device_id, serial,
                                            bootstrap_sha256, ek_sha256, model, hardware_revision, firmware_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                manifest.entries().stream()
                        .map(entry -> {
                            FirmwareVersion firmware = entry.firmwareVersion();
                            return new Object[] {
                                tenant.value(),
                                entry.id(),
                                manifest.id(),
                                manufacturer,
                                entry.device().value(),
                                entry.serial(),
                                entry.bootstrapSha256(),
                                entry.endorsementKeySha256(),
                                entry.model(),
                                entry.hardwareRevision(),
                                firmware == null ? null : firmware.text()
                            };
                        })
                        .toList());
    }

    /** Devices among {@code devices} that have an entry waiting for their first contact. */
    public List<String> waitingDevices(TenantId tenant, Collection<String> devices) {
        return jdbc.sql("select device_id from manifest_entry"
                        + " where tenant_id = ? and device_id = any(?) and used_at is null")
                .params(tenant.value(), devices.toArray(String[]::new))
                .query((rs, row) -> rs.getString("device_id"))
                .list();
    }

    /** How many of the given bootstrap certificate fingerprints some entry lists already. */
    public int listedBootstrapCertificates(TenantId tenant, Collection<byte[]> fingerprints) {
        return jdbc.sql("select count(*) from manifest_entry where tenant_id = ? and bootstrap_sha256 = any(?)")
                .params(tenant.value(), fingerprints.toArray(byte[][]::new))
                .query(Integer.class)
                .single();
    }

    public Optional<ManifestEntry> findByBootstrap(TenantId tenant, byte[] fingerprint) {
        return jdbc.sql("select * from manifest_entry where tenant_id = ? and bootstrap_sha256 = ?")
                .params(tenant.value(), fingerprint)
                .query((rs, row) -> entry(rs))
                .optional();
    }

    /** When the manifest was imported. */
    public Instant importedAt(TenantId tenant, UUID manifest) {
        return jdbc.sql("select imported_at from manifest where tenant_id = ? and id = ?")
                .params(tenant.value(), manifest)
                .query((rs, row) -> rs.getTimestamp("imported_at").toInstant())
                .single();
    }

    /** The entry, its row locked until the transaction ends, so that two first contacts cannot both use it. */
    public Optional<ManifestEntry> lock(TenantId tenant, UUID id) {
        return jdbc.sql("select * from manifest_entry where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id)
                .query((rs, row) -> entry(rs))
                .optional();
    }

    /** The entries of {@code ids} that exist, by id, their rows locked until the transaction ends. */
    public Map<UUID, ManifestEntry> lockAll(TenantId tenant, Collection<UUID> ids) {
        Map<UUID, ManifestEntry> locked = new HashMap<>();
        jdbc.sql("select * from manifest_entry where tenant_id = ? and id = any(?) order by id for update")
                .params(tenant.value(), ids.toArray(UUID[]::new))
                .query((rs, row) -> entry(rs))
                .list()
                .forEach(entry -> locked.put(entry.id(), entry));
        return locked;
    }

    /** Marks the entries used, each by its request ({@code requestIds}, entry id to request id), in one statement. */
    public void markAllUsed(TenantId tenant, Map<UUID, String> requestIds, Instant at) {
        if (requestIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update manifest_entry e set used_at = ?, used_by_request = used.request_id
                        from unnest(?::uuid[], ?::text[]) as used(id, request_id)
                        where e.tenant_id = ? and e.id = used.id""")
                .params(
                        Timestamp.from(at),
                        requestIds.keySet().toArray(UUID[]::new),
                        requestIds.values().toArray(String[]::new),
                        tenant.value())
                .update();
    }

    public void markUsed(TenantId tenant, UUID id, Instant at, String requestId) {
        jdbc.sql("update manifest_entry set used_at = ?, used_by_request = ? where tenant_id = ? and id = ?")
                .params(Timestamp.from(at), requestId, tenant.value(), id)
                .update();
    }

    /** The device's entries, the newest first (a device re-manufactured has more than one). */
    public List<ManifestEntry> ofDevice(TenantId tenant, DeviceId device) {
        return jdbc.sql("""
                        select e.* from manifest_entry e join manifest m on m.tenant_id = e.tenant_id
                                                                        and m.id = e.manifest_id
                        where e.tenant_id = ? and e.device_id = ? order by m.imported_at desc, e.id""")
                .params(tenant.value(), device.value())
                .query((rs, row) -> entry(rs))
                .list();
    }

    private static ManifestEntry entry(ResultSet rs) throws SQLException {
        String firmware = rs.getString("firmware_version");
        Timestamp used = rs.getTimestamp("used_at");
        return new ManifestEntry(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getObject("manifest_id", UUID.class),
                rs.getObject("manufacturer_id", UUID.class),
                DeviceId.of(rs.getString("device_id")),
                rs.getString("serial"),
                rs.getBytes("bootstrap_sha256"),
                rs.getBytes("ek_sha256"),
                rs.getString("model"),
                rs.getString("hardware_revision"),
                firmware == null ? null : new FirmwareVersion(firmware),
                used == null ? null : used.toInstant());
    }
}
