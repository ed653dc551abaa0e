package dev.palisade.accesspolicy.internal;

import dev.palisade.accesspolicy.AttachmentTarget;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for access policies and their attachments; every statement is filtered by tenant. */
@Repository
public class AccessPolicyRepository {

    private final JdbcClient jdbc;

    AccessPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A stored version.
     *
     * @param document the document's JSON, or null for the version that deleted the policy
     */
    public record Row(String name, int version, @Nullable String document, Instant createdAt, String createdBy) {}

    public Optional<Row> newest(TenantId tenant, String name) {
        return jdbc.sql("select * from access_policy where tenant_id = ? and name = ? order by version desc limit 1")
                .params(tenant.value(), name)
                .query((rs, row) -> row(rs))
                .optional();
    }

    public Optional<Row> version(TenantId tenant, String name, int version) {
        return jdbc.sql("select * from access_policy where tenant_id = ? and name = ? and version = ?")
                .params(tenant.value(), name, version)
                .query((rs, row) -> row(rs))
                .optional();
    }

    /** Every version of the policy, newest first. */
    public List<Row> versions(TenantId tenant, String name) {
        return jdbc.sql("select * from access_policy where tenant_id = ? and name = ? order by version desc")
                .params(tenant.value(), name)
                .query((rs, row) -> row(rs))
                .list();
    }

    /** The newest version of every policy that is not deleted, in name order. */
    public List<Row> current(TenantId tenant) {
        return jdbc.sql("""
                        select * from (
                            select distinct on (name) * from access_policy where tenant_id = ?
                            order by name, version desc) newest
                        where document is not null order by name""").param(tenant.value()).query((rs, row) -> row(rs)).list();
    }

    /** Inserts a version unless it exists (another writer saved it first); returns whether it was inserted. */
    public boolean insert(TenantId tenant, Row version) {
        return jdbc.sql("""
                        insert into access_policy (tenant_id, name, version, document, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                        .param(tenant.value())
                        .param(version.name())
                        .param(version.version())
                        .param(version.document()) // null records a deletion
                        .param(Timestamp.from(version.createdAt()))
                        .param(version.createdBy())
                        .update()
                == 1;
    }

    /** A policy attached to a target. */
    public record Attachment(String policy, AttachmentTarget target) {}

    /** Every attachment of the tenant, in policy and target order. */
    public List<Attachment> attachments(TenantId tenant) {
        return jdbc.sql("""
                        select policy_name, target_kind, target from access_policy_attachment where tenant_id = ?
                        order by policy_name, target_kind, target""")
                .param(tenant.value())
                .query((rs, row) -> attachment(rs))
                .list();
    }

    public List<AttachmentTarget> attachmentsOf(TenantId tenant, String policy) {
        return jdbc.sql("""
                        select policy_name, target_kind, target from access_policy_attachment
                        where tenant_id = ? and policy_name = ? order by target_kind, target""")
                .params(tenant.value(), policy)
                .query((rs, row) -> attachment(rs).target())
                .list();
    }

    /** Attaches unless already attached; returns whether it was attached now. */
    public boolean attach(TenantId tenant, String policy, AttachmentTarget target, Instant at) {
        return jdbc.sql("""
                        insert into access_policy_attachment (tenant_id, policy_name, target_kind, target, created_at)
                        values (?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(tenant.value(), policy, target.kind().wireName(), target.name(), Timestamp.from(at))
                        .update()
                == 1;
    }

    /** Returns whether the attachment existed. */
    public boolean detach(TenantId tenant, String policy, AttachmentTarget target) {
        return jdbc.sql("""
                        delete from access_policy_attachment
                        where tenant_id = ? and policy_name = ? and target_kind = ? and target = ?""")
                        .params(tenant.value(), policy, target.kind().wireName(), target.name())
                        .update()
                == 1;
    }

    /**
     * Serialises the changes of one tenant's policies: two operators saving the same policy at once must not both
     * read version 3 and race for version 4 without one of them hearing about it.
     */
    public void lockTenantPolicies(TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('access_policy:' || ?::text, 0))")
                .param(tenant.value())
                .query((ResultSet rs) -> {});
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("document"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }

    private static Attachment attachment(ResultSet rs) throws SQLException {
        return new Attachment(
                rs.getString("policy_name"),
                new AttachmentTarget(
                        AttachmentTarget.Kind.fromWireName(rs.getString("target_kind")), rs.getString("target")));
    }
}
