package dev.palisade.pki.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which device a public key belongs to. A key binds to the first device that gets a certificate for it; the table's
 * primary key refuses it for any other device, even one in another tenant whose row this tenant cannot see.
 */
@Repository
public class DeviceKeyRepository {

    private final JdbcClient jdbc;

    DeviceKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Binds the key to the device; false if it belongs to another device (of this tenant or another). */
    public boolean bind(byte[] spkiSha256, TenantId tenant, DeviceId device, Instant at) {
        int inserted = jdbc.sql("""
                        insert into device_key (spki_sha256, tenant_id, device_id, bound_at) values (?, ?, ?, ?)
                        on conflict (spki_sha256) do nothing""")
                .params(spkiSha256, tenant.value(), device.value(), Timestamp.from(at))
                .update();
        return inserted == 1 || owner(spkiSha256, tenant).filter(device::equals).isPresent();
    }

    /** The device of this tenant the key is bound to; empty when unbound or bound in another tenant. */
    public Optional<DeviceId> owner(byte[] spkiSha256, TenantId tenant) {
        return jdbc.sql("select device_id from device_key where spki_sha256 = ? and tenant_id = ?")
                .params(spkiSha256, tenant.value())
                .query((rs, row) -> DeviceId.of(rs.getString("device_id")))
                .optional();
    }
}
