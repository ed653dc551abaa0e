package dev.palisade.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.audit.AuditRecord;
import dev.palisade.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditLeafTest {

    private static final TenantId TENANT = TenantId.of(UUID.fromString("01a1ff8d-ef6f-7fd9-8297-6fdd08ffd4e5"));

    private static AuditRecord record(String action, Map<String, String> details) {
        return new AuditRecord(
                TENANT,
                7,
                Instant.parse("2026-11-21T10:15:30.123456Z"),
                new Actor(Actor.ActorKind.OPERATOR, "op-1", "Alice"),
                action,
                "token:t-1",
                "req-1",
                AuditOutcome.SUCCEEDED,
                details);
    }

    @Test
    void aLeafIsTheCanonicalJsonOfEveryField() {
        String leaf = new String(
                AuditLeaf.encode(record("token.created", Map.of("role", "viewer", "b", "2"))), StandardCharsets.UTF_8);

        assertThat(leaf)
                .isEqualTo(
                        "{\"action\":\"token.created\","
                                + "\"actor\":{\"id\":\"op-1\",\"kind\":\"operator\",\"name\":\"Alice\"},"
                                + "\"details\":\"{\\\"b\\\":\\\"2\\\",\\\"role\\\":\\\"viewer\\\"}\","
                                + "\"index\":7,\"outcome\":\"succeeded\",\"requestId\":\"req-1\",\"target\":\"token:t-1\","
                                + "\"tenant\":\"01a1ff8d-ef6f-7fd9-8297-6fdd08ffd4e5\",\"time\":\"2026-11-21T10:15:30.123456Z\",\"v\":1}");
    }

    @Test
    void anyChangeToARecordChangesItsLeaf() {
        byte[] original = AuditLeaf.encode(record("token.created", Map.of()));

        assertThat(AuditLeaf.encode(record("token.revoked", Map.of()))).isNotEqualTo(original);
        assertThat(AuditLeaf.encode(record("token.created", Map.of("k", "v")))).isNotEqualTo(original);
        assertThat(AuditLeaf.encode(record("token.created", Map.of()))).isEqualTo(original);
    }
}
