package dev.palisade.pki.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.pki.CaId;
import dev.palisade.pki.CaStatus;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.TenantId;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for certificate authorities. Reads across tenants need the platform scope. */
@Repository
public class CaRepository {

    private final JdbcClient jdbc;

    CaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CertificateAuthority ca) {
        jdbc.sql("""
                        insert into certificate_authority
                            (id, tenant_id, generation, key_alias, key_algorithm, common_name, csr, status, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        ca.id().value(),
                        ca.tenant().value(),
                        ca.generation(),
                        ca.keyAlias().value(),
                        ca.keyAlgorithm().name(),
                        ca.commonName(),
                        ca.csr(),
                        ca.status().wireName(),
                        Timestamp.from(ca.createdAt()))
                .update();
    }

    public int nextGeneration(TenantId tenant) {
        return jdbc.sql("select coalesce(max(generation), 0) + 1 from certificate_authority where tenant_id = ?")
                .param(tenant.value())
                .query(Integer.class)
                .single();
    }

    public Optional<CertificateAuthority> find(TenantId tenant, CaId id) {
        return jdbc.sql("select * from certificate_authority where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query((rs, row) -> ca(rs))
                .optional();
    }

    /** Locks the tenant's authorities for a status change in this transaction. */
    public List<CertificateAuthority> lockTenant(TenantId tenant) {
        return jdbc.sql("select * from certificate_authority where tenant_id = ? order by generation for update")
                .param(tenant.value())
                .query((rs, row) -> ca(rs))
                .list();
    }

    public List<CertificateAuthority> ofTenant(TenantId tenant) {
        return jdbc.sql("select * from certificate_authority where tenant_id = ? order by generation")
                .param(tenant.value())
                .query((rs, row) -> ca(rs))
                .list();
    }

    /** Every tenant's authorities; needs the platform scope. */
    public List<CertificateAuthority> all() {
        return jdbc.sql("select * from certificate_authority order by tenant_id, generation")
                .query((rs, row) -> ca(rs))
                .list();
    }

    public void activate(TenantId tenant, CaId id, X509Certificate certificate, Instant at) {
        jdbc.sql("""
                        update certificate_authority
                        set certificate = ?, status = 'active', not_after = ?, activated_at = ?
                        where tenant_id = ? and id = ?""")
                .params(
                        encoded(certificate),
                        Timestamp.from(certificate.getNotAfter().toInstant()),
                        Timestamp.from(at),
                        tenant.value(),
                        id.value())
                .update();
    }

    public void changeStatus(TenantId tenant, CaId id, CaStatus status, Instant at) {
        String column = switch (status) {
            case RETIRED -> "retired_at";
            case REVOKED -> "revoked_at";
            default -> null;
        };
        String timestamp = column == null ? "" : ", " + column + " = ?";
        var statement = jdbc.sql(
                        "update certificate_authority set status = ?" + timestamp + " where tenant_id = ? and id = ?")
                .param(status.wireName());
        if (column != null) {
            statement = statement.param(Timestamp.from(at));
        }
        statement.param(tenant.value()).param(id.value()).update();
    }

    private static CertificateAuthority ca(ResultSet rs) throws SQLException {
        byte[] der = rs.getBytes("certificate");
        return new CertificateAuthority(
                new CaId(rs.getObject("id", UUID.class)),
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getInt("generation"),
                rs.getString("common_name"),
                KeyAlias.of(rs.getString("key_alias")),
                KeyAlgorithm.valueOf(rs.getString("key_algorithm")),
                CaStatus.fromWireName(rs.getString("status")),
                rs.getBytes("csr"),
                der == null ? null : PemText.certificate(der),
                rs.getTimestamp("created_at").toInstant());
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }
}
