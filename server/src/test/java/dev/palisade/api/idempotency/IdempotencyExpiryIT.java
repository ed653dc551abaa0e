package dev.palisade.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.Superuser;
import dev.palisade.support.WithServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Idempotency keys are kept for a day: after that a key counts as new, and the hourly purge removes it. */
class IdempotencyExpiryIT extends WithServer {

    @Autowired
    IdempotentCreation idempotency;

    @Test
    void aKeyOlderThanADayCountsAsNew() throws Exception {
        TestTenant tenant = newTenant();
        String key = UUID.randomUUID().toString();
        api.post(
                "/api/v1/operators",
                tenant.adminToken(),
                Map.of("name", "first", "role", "viewer"),
                Map.of("Idempotency-Key", key));

        age(tenant, key);
        ApiResponse reused = api.post(
                "/api/v1/operators",
                tenant.adminToken(),
                Map.of("name", "second", "role", "viewer"),
                Map.of("Idempotency-Key", key));

        assertThat(reused.status()).isEqualTo(201);
        assertThat(reused.header("Idempotent-Replayed")).isEmpty();
        assertThat(reused.text("name")).isEqualTo("second");
    }

    @Test
    void thePurgeRemovesKeysOlderThanADayAndKeepsTheRest() throws Exception {
        TestTenant tenant = newTenant();
        String old = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        api.post(
                "/api/v1/operators",
                tenant.adminToken(),
                Map.of("name", "old", "role", "viewer"),
                Map.of("Idempotency-Key", old));
        api.post(
                "/api/v1/operators",
                tenant.adminToken(),
                Map.of("name", "fresh", "role", "viewer"),
                Map.of("Idempotency-Key", fresh));
        age(tenant, old);

        idempotency.purgeExpired();

        assertThat(storedKeys(tenant, old)).isZero();
        assertThat(storedKeys(tenant, fresh)).isEqualTo(1);
    }

    private void age(TestTenant tenant, String key) throws Exception {
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement update = superuser.prepareStatement(
                        "update idempotency_key"
                                + " set created_at = now() - interval '25 hours' where tenant_id = ? and idempotency_key = ?")) {
            update.setObject(1, UUID.fromString(tenant.id()));
            update.setString(2, key);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private long storedKeys(TestTenant tenant, String key) throws Exception {
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement count = superuser.prepareStatement(
                        "select count(*) from idempotency_key where tenant_id = ? and idempotency_key = ?")) {
            count.setObject(1, UUID.fromString(tenant.id()));
            count.setString(2, key);
            var rows = count.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }
}
