package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.VerificationReport.Tampered;
import dev.palisade.audit.VerificationReport.Tampering;
import dev.palisade.shared.TenantId;
import dev.palisade.support.Superuser;
import dev.palisade.support.WithServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Plays an attacker with full database access (but not the signing key) who edits, deletes, reorders and inserts
 * audit rows; verification names the first record touched and what happened to it.
 */
class AuditTamperIT extends WithServer {

    @Autowired
    AuditQueries queries;

    @Autowired
    AuditLogIdentity identity;

    @Test
    void anUntouchedLogVerifies() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        VerificationReport report = verify(tenant);

        assertThat(report).isInstanceOf(VerificationReport.Intact.class);
        assertThat(((VerificationReport.Intact) report).records()).isEqualTo(9);
    }

    @Test
    void anEditedRecordIsNamed() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(tenant, "update audit_record set action = 'operator.deleted' where tenant_id = ? and leaf_index = 4");

        assertTampered(verify(tenant), 4, Tampering.EDITED);
    }

    @Test
    void anEditedRecordIsNamedEvenWhenTheAttackerRecomputesItsStoredLeafHash() throws SQLException {
        TestTenant tenant = tenantWithRecords();
        long index = 5;

        attack(tenant, "update audit_record set actor_name = 'someone else' where tenant_id = ? and leaf_index = 5");
        attack(
                tenant,
                "update audit_record set leaf_hash = sha256('\\x00'::bytea || convert_to('forged', 'UTF8'))"
                        + " where tenant_id = ? and leaf_index = 5");

        assertTampered(verify(tenant), index, Tampering.EDITED);
    }

    @Test
    void aDeletedRecordIsNamed() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(tenant, "delete from audit_record where tenant_id = ? and leaf_index = 3");

        assertTampered(verify(tenant), 3, Tampering.DELETED);
    }

    @Test
    void aDeletedRecordIsNamedEvenWhenTheLaterOnesAreRenumbered() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(tenant, "delete from audit_record where tenant_id = ? and leaf_index = 3");
        attack(
                tenant,
                "update audit_record set leaf_index = leaf_index + 1000000 where tenant_id = ? and leaf_index > 3");
        attack(
                tenant,
                "update audit_record set leaf_index = leaf_index - 1000001 where tenant_id = ? and leaf_index > 1000000");

        assertTampered(verify(tenant), 3, Tampering.DELETED);
    }

    @Test
    void swappedRecordsAreNamedAsOutOfOrder() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(tenant, "update audit_record set leaf_index = 1000000 where tenant_id = ? and leaf_index = 4");
        attack(tenant, "update audit_record set leaf_index = 4 where tenant_id = ? and leaf_index = 6");
        attack(tenant, "update audit_record set leaf_index = 6 where tenant_id = ? and leaf_index = 1000000");

        assertTampered(verify(tenant), 4, Tampering.OUT_OF_ORDER);
    }

    @Test
    void aRecordInsertedAtTheEndIsNamed() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(tenant, """
                insert into audit_record (tenant_id, leaf_index, recorded_at, actor_kind, actor_id, actor_name, action,
                                          target, request_id, outcome, details)
                select tenant_id, 9, now(), actor_kind, actor_id, actor_name, 'token.created', target, request_id,
                       outcome, details
                from audit_record where tenant_id = ? and leaf_index = 8""");

        assertTampered(verify(tenant), 9, Tampering.INSERTED);
    }

    @Test
    void aRecordInsertedBetweenSignedRecordsIsNamed() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(
                tenant,
                "update audit_record set leaf_index = leaf_index + 1000001 where tenant_id = ? and leaf_index >= 2");
        attack(
                tenant,
                "update audit_record set leaf_index = leaf_index - 1000000 where tenant_id = ? and leaf_index > 1000000");
        attack(tenant, """
                insert into audit_record (tenant_id, leaf_index, recorded_at, actor_kind, actor_id, actor_name, action,
                                          target, request_id, outcome, details)
                select tenant_id, 2, recorded_at, actor_kind, actor_id, actor_name, 'operator.created', target,
                       request_id, outcome, details
                from audit_record where tenant_id = ? and leaf_index = 1""");

        assertTampered(verify(tenant), 2, Tampering.INSERTED);
    }

    @Test
    void aForgedCheckpointIsNamed() throws SQLException {
        TestTenant tenant = tenantWithRecords();

        attack(
                tenant,
                "update audit_checkpoint set note = replace(note, '\n7\n', '\n8\n')"
                        + " where tenant_id = ? and tree_size = 7");

        assertTampered(verify(tenant), 6, Tampering.CHECKPOINT_FORGED);
    }

    /** A tenant whose log holds 9 records: 3 from its creation, 2 per added operator. */
    private TestTenant tenantWithRecords() {
        TestTenant tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            newOperator(tenant, "viewer");
        }
        return tenant;
    }

    private VerificationReport verify(TestTenant tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new AuditVerifier(queries.verifierKey(), identity).verify(connection, TenantId.parse(tenant.id()));
        }
    }

    private void attack(TestTenant tenant, String sql) throws SQLException {
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement statement = superuser.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(tenant.id()));
            statement.executeUpdate();
        }
    }

    private static void assertTampered(VerificationReport report, long index, Tampering kind) {
        assertThat(report).isInstanceOf(Tampered.class);
        Tampered tampered = (Tampered) report;
        assertThat(tampered.recordIndex()).as(tampered.explanation()).isEqualTo(index);
        assertThat(tampered.kind()).as(tampered.explanation()).isEqualTo(kind);
    }
}
