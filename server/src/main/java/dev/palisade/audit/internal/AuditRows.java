package dev.palisade.audit.internal;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.audit.AuditRecord;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** Reads an {@code audit_record} row; the server and the offline verifier read records the same way. */
final class AuditRows {

    private AuditRows() {}

    /** The record in the current row, with {@code details} as the caller parsed them (or not) from the stored text. */
    static AuditRecord record(ResultSet rs, TenantId tenant, Map<String, String> details) throws SQLException {
        return new AuditRecord(
                tenant,
                rs.getLong("leaf_index"),
                rs.getTimestamp("recorded_at").toInstant(),
                new Actor(
                        Actor.ActorKind.fromWireName(rs.getString("actor_kind")),
                        rs.getString("actor_id"),
                        rs.getString("actor_name")),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("request_id"),
                AuditOutcome.fromWireName(rs.getString("outcome")),
                details);
    }
}
