package dev.palisade.ota.internal;

import dev.palisade.ota.ArtifactId;
import dev.palisade.ota.Delta;
import dev.palisade.ota.Sha256;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of binary deltas; every statement is filtered by tenant (and row-level security binds it too). */
@Repository
public class DeltaRepository {

    private static final String COLUMNS = """
            d.tenant_id, d.from_artifact_id, d.to_artifact_id, d.from_sha256, d.to_sha256, t.length as to_length,
            d.delta_sha256, d.delta_length, d.level, d.window_log, d.generation_millis, d.created_at, d.created_by""";
    private static final String FROM =
            " from ota_delta d join ota_artifact t on t.tenant_id = d.tenant_id" + " and t.id = d.to_artifact_id ";

    private final JdbcClient jdbc;

    DeltaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the delta unless the pair has one already; returns whether it inserted. */
    public boolean insert(Delta delta) {
        Sha256 deltaSha256 = delta.deltaSha256();
        return jdbc.sql("""
                        insert into ota_delta (tenant_id, from_artifact_id, to_artifact_id, from_sha256, to_sha256,
                            delta_sha256, delta_length, level, window_log, generation_millis, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict do nothing""")
                        .param(delta.tenant().value())
                        .param(delta.from().value())
                        .param(delta.to().value())
                        .param(delta.fromSha256().hex())
                        .param(delta.toSha256().hex())
                        .param(deltaSha256 == null ? null : deltaSha256.hex())
                        .param(delta.deltaLength())
                        .param(delta.level())
                        .param(delta.windowLog())
                        .param(delta.generationTime().toMillis())
                        .param(Timestamp.from(delta.createdAt()))
                        .param(delta.createdBy())
                        .update()
                == 1;
    }

    public Optional<Delta> delta(TenantId tenant, ArtifactId from, ArtifactId to) {
        return jdbc.sql("select " + COLUMNS + FROM
                        + "where d.tenant_id = ? and d.from_artifact_id = ? and d.to_artifact_id = ?")
                .params(tenant.value(), from.value(), to.value())
                .query(DeltaRepository::delta)
                .optional();
    }

    /** The tenant's deltas, newest first, {@code limit} at most. */
    public List<Delta> deltas(TenantId tenant, int limit) {
        return jdbc.sql("select " + COLUMNS + FROM + "where d.tenant_id = ? order by d.created_at desc limit ?")
                .params(tenant.value(), limit)
                .query(DeltaRepository::delta)
                .list();
    }

    /**
     * The kept delta from one content to another, if published releases for the model and hardware revision name both
     * contents: the same rule as for the images themselves.
     */
    public Optional<Delta> servable(TenantId tenant, Sha256 from, Sha256 to, String model, String hardwareRevision) {
        return jdbc.sql("select " + COLUMNS + FROM + """
                        where d.tenant_id = ? and d.from_sha256 = ? and d.to_sha256 = ? and d.delta_sha256 is not null
                          and exists (select 1 from ota_release r where r.tenant_id = d.tenant_id
                              and r.artifact_id = d.from_artifact_id and r.state = 'published'
                              and r.model = ? and r.hardware_revision = ?)
                          and exists (select 1 from ota_release r where r.tenant_id = d.tenant_id
                              and r.artifact_id = d.to_artifact_id and r.state = 'published'
                              and r.model = ? and r.hardware_revision = ?)""")
                .params(tenant.value(), from.hex(), to.hex(), model, hardwareRevision, model, hardwareRevision)
                .query(DeltaRepository::delta)
                .optional();
    }

    private static Delta delta(ResultSet rs, int row) throws SQLException {
        String deltaSha256 = rs.getString("delta_sha256");
        long deltaLength = rs.getLong("delta_length");
        boolean kept = !rs.wasNull();
        return new Delta(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                new ArtifactId(rs.getObject("from_artifact_id", UUID.class)),
                new ArtifactId(rs.getObject("to_artifact_id", UUID.class)),
                new Sha256(rs.getString("from_sha256")),
                new Sha256(rs.getString("to_sha256")),
                rs.getLong("to_length"),
                deltaSha256 == null ? null : new Sha256(deltaSha256),
                kept ? deltaLength : null,
                rs.getInt("level"),
                rs.getInt("window_log"),
                Duration.ofMillis(rs.getLong("generation_millis")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }
}
