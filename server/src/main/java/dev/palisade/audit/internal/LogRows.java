package dev.palisade.audit.internal;

import dev.palisade.audit.AuditRecord;
import dev.palisade.shared.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Streams one tenant's audit records (with their stored leaf hashes) and checkpoints in order, through plain JDBC so
 * that offline tools can verify a log without starting the server. Reads happen in one read-only transaction scoped
 * to the tenant; closing rolls it back.
 */
public final class LogRows implements AutoCloseable {

    private static final int FETCH_SIZE = 1000;

    private final Connection connection;
    private final TenantId tenant;
    private final boolean autoCommitBefore;
    private final PreparedStatement recordQuery;
    private final ResultSet records;
    private final PreparedStatement checkpointQuery;
    private final ResultSet checkpoints;
    private @Nullable RecordRow peeked;

    private LogRows(Connection connection, TenantId tenant) throws SQLException {
        this.connection = connection;
        this.tenant = tenant;
        this.autoCommitBefore = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement scope =
                connection.prepareStatement("select set_config('palisade.tenant_id', ?, true)")) {
            scope.setString(1, tenant.toString());
            scope.execute();
        }
        recordQuery = connection.prepareStatement("""
                select * from audit_record where tenant_id = ? order by leaf_index""");
        recordQuery.setObject(1, tenant.value());
        recordQuery.setFetchSize(FETCH_SIZE);
        records = recordQuery.executeQuery();
        checkpointQuery = connection.prepareStatement(
                "select tree_size, root_hash, note from audit_checkpoint where tenant_id = ? order by tree_size");
        checkpointQuery.setObject(1, tenant.value());
        checkpointQuery.setFetchSize(FETCH_SIZE);
        checkpoints = checkpointQuery.executeQuery();
    }

    public static LogRows open(Connection connection, TenantId tenant) throws SQLException {
        return new LogRows(connection, tenant);
    }

    /** The next record in index order, or null after the last. */
    public @Nullable RecordRow nextRecord() throws SQLException {
        RecordRow next = peekRecord();
        peeked = null;
        return next;
    }

    /** The record {@link #nextRecord()} will return, without consuming it. */
    public @Nullable RecordRow peekRecord() throws SQLException {
        if (peeked == null && records.next()) {
            peeked = recordRow(records);
        }
        return peeked;
    }

    public @Nullable CheckpointRow nextCheckpoint() throws SQLException {
        if (!checkpoints.next()) {
            return null;
        }
        return new CheckpointRow(
                checkpoints.getLong("tree_size"), checkpoints.getBytes("root_hash"), checkpoints.getString("note"));
    }

    public long recordCount() throws SQLException {
        return single("select count(*) from audit_record where tenant_id = ?");
    }

    public long latestSignedSize() throws SQLException {
        return single("select coalesce(max(tree_size), 0) from audit_checkpoint where tenant_id = ?");
    }

    private long single(String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, tenant.value());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private RecordRow recordRow(ResultSet rs) throws SQLException {
        long index = rs.getLong("leaf_index");
        try {
            // the details stay the stored text, which is what the leaf hashed
            return new RecordRow(
                    AuditRows.record(rs, tenant, Map.of()), rs.getString("details"), rs.getBytes("leaf_hash"));
        } catch (IllegalArgumentException | NullPointerException invalid) {
            throw new UnreadableRecordException(index, invalid.getMessage());
        }
    }

    @Override
    public void close() throws SQLException {
        try (checkpointQuery;
                recordQuery) {
            connection.rollback();
        } finally {
            connection.setAutoCommit(autoCommitBefore);
        }
    }

    /**
     * A stored record. Its details stay the stored text, which is what the leaf hashed; {@code storedLeafHash} is
     * null when the row holds none (a record from before leaf hashes were kept in it, whose leaf node was missing).
     */
    public record RecordRow(AuditRecord record, String detailsJson, byte @Nullable [] storedLeafHash) {

        public long index() {
            return record.index();
        }
    }

    /** A stored record holds values that no appended record can have, so it must have been edited. */
    public static final class UnreadableRecordException extends RuntimeException {

        private final long index;
        private final String explanation;

        UnreadableRecordException(long index, @Nullable String reason) {
            super("record " + index + " holds values no audit record can have: " + reason);
            this.index = index;
            this.explanation = "record " + index + " holds values no audit record can have: " + reason;
        }

        public long index() {
            return index;
        }

        public String explanation() {
            return explanation;
        }
    }

    /** A stored checkpoint: the columns, and the signed note that is the only part to trust. */
    public record CheckpointRow(long treeSize, byte[] rootHash, String note) {}
}
