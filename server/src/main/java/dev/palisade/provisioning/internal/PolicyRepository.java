package dev.palisade.provisioning.internal;

import dev.palisade.attestation.AssuranceLevel;
import dev.palisade.provisioning.AttestationRequirement;
import dev.palisade.provisioning.FirmwareVersion;
import dev.palisade.provisioning.ProvisioningPolicy;
import dev.palisade.shared.TenantId;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the tenant's registration policy; one row per tenant, absent until first set. */
@Repository
public class PolicyRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> FLOORS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    PolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ProvisioningPolicy> find(TenantId tenant) {
        return jdbc.sql("select * from provisioning_policy where tenant_id = ?")
                .param(tenant.value())
                .query((rs, row) -> {
                    String floor = rs.getString("firmware_floor");
                    String webhook = rs.getString("webhook_url");
                    var floors = new TreeMap<String, FirmwareVersion>();
                    JSON.readValue(rs.getString("model_floors"), FLOORS)
                            .forEach((model, version) -> floors.put(model, new FirmwareVersion(version)));
                    long within = rs.getLong("attestation_within_secs");
                    AttestationRequirement attestation = rs.wasNull()
                            ? null
                            : new AttestationRequirement(
                                    Duration.ofSeconds(within),
                                    AssuranceLevel.fromWireName(rs.getString("attestation_assurance")));
                    return new ProvisioningPolicy(
                            floor == null ? null : new FirmwareVersion(floor),
                            floors,
                            webhook == null ? null : URI.create(webhook),
                            attestation);
                })
                .optional();
    }

    public void save(TenantId tenant, ProvisioningPolicy policy, Instant at) {
        FirmwareVersion floor = policy.firmwareFloor();
        URI webhook = policy.webhook();
        AttestationRequirement attestation = policy.attestation();
        Map<String, String> floors = policy.modelFloorTexts();
        jdbc.sql("""
                        insert into provisioning_policy (tenant_id, firmware_floor, model_floors, webhook_url,
                            attestation_within_secs, attestation_assurance, updated_at)
                        values (?, ?, ?::jsonb, ?, ?, ?, ?)
                        on conflict (tenant_id) do update set firmware_floor = excluded.firmware_floor,
                            model_floors = excluded.model_floors, webhook_url = excluded.webhook_url,
                            attestation_within_secs = excluded.attestation_within_secs,
                            attestation_assurance = excluded.attestation_assurance,
                            updated_at = excluded.updated_at""")
                .param(tenant.value())
                .param(floor == null ? null : floor.text())
                .param(JSON.writeValueAsString(floors))
                .param(webhook == null ? null : webhook.toString())
                .param(attestation == null ? null : attestation.within().toSeconds())
                .param(
                        attestation == null
                                ? AssuranceLevel.TPM_QUOTE.wireName()
                                : attestation.minimum().wireName())
                .param(Timestamp.from(at))
                .update();
    }
}
