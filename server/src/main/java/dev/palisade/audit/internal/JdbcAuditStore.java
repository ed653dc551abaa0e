package dev.palisade.audit.internal;

import dev.palisade.audit.AuditCheckpoint;
import dev.palisade.audit.AuditRecord;
import dev.palisade.protocol.merkle.NodeHash;
import dev.palisade.protocol.merkle.NodeId;
import dev.palisade.protocol.merkle.TreeFrontier;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of the audit log. Every statement names the tenant explicitly; row-level security backs that up. The runtime
 * role can only insert and read records, nodes and checkpoints.
 */
@Repository
public class JdbcAuditStore {

    private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {};

    private static final String INSERT_RECORD = """
            insert into audit_record (tenant_id, leaf_index, recorded_at, actor_kind, actor_id, actor_name,
                                      action, target, request_id, outcome, details, leaf_hash)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcAuditStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public void openLog(TenantId tenant) {
        jdbc.sql("insert into audit_tree_head (tenant_id, tree_size, frontier) values (?, 0, ?)")
                .params(tenant.value(), TreeFrontier.empty().toBytes())
                .update();
    }

    /** Locks the tenant's tree head until the transaction ends, serialising appends to the log. */
    public TreeFrontier lockHead(TenantId tenant) {
        return jdbc.sql("select frontier from audit_tree_head where tenant_id = ? for update")
                .param(tenant.value())
                .query((rs, row) -> TreeFrontier.fromBytes(rs.getBytes("frontier")))
                .optional()
                .orElseThrow(() -> new IllegalStateException("tenant " + tenant + " has no audit log"));
    }

    public void updateHead(TenantId tenant, TreeFrontier frontier) {
        jdbc.sql("update audit_tree_head set tree_size = ?, frontier = ? where tenant_id = ?")
                .params(frontier.size(), frontier.toBytes(), tenant.value())
                .update();
    }

    public long treeSize(TenantId tenant) {
        return jdbc.sql("select tree_size from audit_tree_head where tenant_id = ?")
                .param(tenant.value())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** A record to insert: its details as the canonical text its leaf hashed, and that leaf's hash. */
    public record NewRecord(AuditRecord record, String detailsJson, byte[] leafHash) {}

    /** Inserts {@code records} in one statement (one batch). */
    public void insertRecords(List<NewRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(records.size());
        for (NewRecord row : records) {
            AuditRecord record = row.record();
            rows.add(new Object[] {
                record.tenant().value(),
                record.index(),
                Timestamp.from(record.recordedAt()),
                record.actor().kind().wireName(),
                record.actor().id(),
                record.actor().name(),
                record.action(),
                record.target(),
                record.requestId(),
                record.outcome().wireName(),
                row.detailsJson(),
                row.leafHash()
            });
        }
        if (rows.size() == 1) {
            jdbc.sql(INSERT_RECORD).params(rows.getFirst()).update();
        } else {
            batch.batchUpdate(INSERT_RECORD, rows);
        }
    }

    /** Inserts interior nodes (level 1 and up); leaf hashes are kept in their records. */
    public void insertNodes(TenantId tenant, List<NodeHash> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        batch.batchUpdate(
                "insert into audit_node (tenant_id, level, node_index, hash) values (?, ?, ?, ?)",
                nodes,
                nodes.size(),
                (statement, node) -> {
                    statement.setObject(1, tenant.value());
                    statement.setShort(2, (short) node.id().level());
                    statement.setLong(3, node.id().index());
                    statement.setBytes(4, node.hash());
                });
    }

    public void insertCheckpoint(TenantId tenant, AuditCheckpoint checkpoint) {
        jdbc.sql("""
                insert into audit_checkpoint (tenant_id, tree_size, root_hash, signed_at, note)
                values (?, ?, ?, ?, ?)""")
                .params(
                        tenant.value(),
                        checkpoint.treeSize(),
                        checkpoint.rootHash(),
                        Timestamp.from(checkpoint.signedAt()),
                        checkpoint.note())
                .update();
    }

    /** The stored hashes of {@code ids}, fetched in one query: leaves (level 0) from their records, the rest as nodes. */
    public Map<NodeId, byte[]> nodes(TenantId tenant, Collection<NodeId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Short[] levels = ids.stream().map(id -> (short) id.level()).toArray(Short[]::new);
        Long[] indexes = ids.stream().map(NodeId::index).toArray(Long[]::new);
        Map<NodeId, byte[]> found = new HashMap<>();
        jdbc.sql("""
                with wanted(level, node_index) as (select * from unnest(?::smallint[], ?::bigint[]))
                select n.level, n.node_index, n.hash
                from audit_node n
                join wanted on n.level = wanted.level and n.node_index = wanted.node_index
                where n.tenant_id = ?
                union all
                select 0, r.leaf_index, r.leaf_hash
                from audit_record r
                join wanted on wanted.level = 0 and r.leaf_index = wanted.node_index
                where r.tenant_id = ? and r.leaf_hash is not null""").params(levels, indexes, tenant.value(), tenant.value()).query((ResultSet rs) -> {
            found.put(new NodeId(rs.getShort("level"), rs.getLong("node_index")), rs.getBytes("hash"));
        });
        return found;
    }

    public List<AuditRecord> records(TenantId tenant, long afterIndex, int limit) {
        return jdbc.sql("""
                select * from audit_record
                where tenant_id = ? and leaf_index > ?
                order by leaf_index
                limit ?""")
                .params(tenant.value(), afterIndex, limit)
                .query((rs, row) -> record(rs))
                .list();
    }

    public Optional<AuditRecord> record(TenantId tenant, long index) {
        return jdbc.sql("select * from audit_record where tenant_id = ? and leaf_index = ?")
                .params(tenant.value(), index)
                .query((rs, row) -> record(rs))
                .optional();
    }

    public Optional<AuditCheckpoint> checkpoint(TenantId tenant, long treeSize) {
        return jdbc.sql("select * from audit_checkpoint where tenant_id = ? and tree_size = ?")
                .params(tenant.value(), treeSize)
                .query((rs, row) -> checkpoint(rs))
                .optional();
    }

    public Optional<AuditCheckpoint> latestCheckpoint(TenantId tenant) {
        return jdbc.sql("select * from audit_checkpoint where tenant_id = ? order by tree_size desc limit 1")
                .param(tenant.value())
                .query((rs, row) -> checkpoint(rs))
                .optional();
    }

    public List<AuditCheckpoint> checkpoints(TenantId tenant, long afterSize, int limit) {
        return jdbc.sql("""
                select * from audit_checkpoint
                where tenant_id = ? and tree_size > ?
                order by tree_size
                limit ?""")
                .params(tenant.value(), afterSize, limit)
                .query((rs, row) -> checkpoint(rs))
                .list();
    }

    private AuditRecord record(ResultSet rs) throws SQLException {
        return AuditRows.record(
                rs,
                TenantId.of(rs.getObject("tenant_id", java.util.UUID.class)),
                json.readValue(rs.getString("details"), DETAILS));
    }

    private static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
        return new AuditCheckpoint(
                rs.getLong("tree_size"), rs.getBytes("root_hash"), instant(rs, "signed_at"), rs.getString("note"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }
}
