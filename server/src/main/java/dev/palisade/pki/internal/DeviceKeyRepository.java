package dev.palisade.pki.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which device a public key belongs to. A key binds to the first device that gets a certificate for it; the table's
 * primary key refuses it for any other device, even one in another tenant whose row this tenant cannot see.
 */
@Repository
public class DeviceKeyRepository {

    private static final HexFormat HEX = HexFormat.of();

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    DeviceKeyRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
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

    /**
     * Binds each key to its device, as {@link #bind} does one, with two statements for the whole batch. Returns the
     * positions of the bindings refused because their key belongs to another device, including to a device named
     * earlier in the same batch.
     */
    public Set<Integer> bindAll(TenantId tenant, List<Binding> bindings) {
        // Inserted in the keys' order, so that two transactions binding some of the same keys wait for each other in
        // the same order instead of each holding a key the other waits for; the sort is stable, so that of two
        // bindings of one key in this batch the one named earlier still comes first and wins.
        List<Binding> inKeyOrder = bindings.stream()
                .sorted((a, b) -> Arrays.compareUnsigned(a.spkiSha256(), b.spkiSha256()))
                .toList();
        batch.batchUpdate("""
                insert into device_key (spki_sha256, tenant_id, device_id, bound_at) values (?, ?, ?, ?)
                on conflict (spki_sha256) do nothing""", inKeyOrder, inKeyOrder.size(), (statement, binding) -> {
            statement.setBytes(1, binding.spkiSha256());
            statement.setObject(2, tenant.value());
            statement.setString(3, binding.device().value());
            statement.setTimestamp(4, Timestamp.from(binding.at()));
        });
        Map<String, DeviceId> owners = new HashMap<>();
        jdbc.sql("select spki_sha256, device_id from device_key where tenant_id = ? and spki_sha256 = any(?)")
                .params(
                        tenant.value(),
                        bindings.stream().map(Binding::spkiSha256).toArray(byte[][]::new))
                .query((ResultSet rs) -> {
                    owners.put(HEX.formatHex(rs.getBytes("spki_sha256")), DeviceId.of(rs.getString("device_id")));
                });
        Set<Integer> refused = new HashSet<>();
        for (int i = 0; i < bindings.size(); i++) {
            Binding binding = bindings.get(i);
            if (!binding.device().equals(owners.get(HEX.formatHex(binding.spkiSha256())))) {
                refused.add(i); // bound in another tenant (invisible here) or to another device of this one
            }
        }
        return refused;
    }

    /** A key to bind to a device. */
    public record Binding(byte[] spkiSha256, DeviceId device, Instant at) {}

    /** The device of this tenant the key is bound to; empty when unbound or bound in another tenant. */
    public Optional<DeviceId> owner(byte[] spkiSha256, TenantId tenant) {
        return jdbc.sql("select device_id from device_key where spki_sha256 = ? and tenant_id = ?")
                .params(spkiSha256, tenant.value())
                .query((rs, row) -> DeviceId.of(rs.getString("device_id")))
                .optional();
    }
}
