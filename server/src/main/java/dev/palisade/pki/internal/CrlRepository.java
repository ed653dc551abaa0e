package dev.palisade.pki.internal;

import dev.palisade.pki.CaId;
import dev.palisade.pki.x509.SignedCrl;
import dev.palisade.shared.TenantId;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Published CRLs, kept so that a restart serves the last ones at once. */
@Repository
public class CrlRepository {

    private final JdbcClient jdbc;

    CrlRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(TenantId tenant, CaId issuer, SignedCrl crl) {
        jdbc.sql("""
                        insert into crl (issuer_id, tenant_id, crl_number, delta_base, this_update, next_update, der)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .param(issuer.value())
                .param(tenant.value())
                .param(crl.number().longValueExact())
                .param(crl.baseNumber() == null ? null : crl.baseNumber().longValueExact())
                .param(Timestamp.from(crl.thisUpdate()))
                .param(Timestamp.from(crl.nextUpdate()))
                .param(crl.der())
                .update();
    }

    /** The highest CRL number used for {@code issuer} so far (0 when none). */
    public long lastNumber(TenantId tenant, CaId issuer) {
        return jdbc.sql("select coalesce(max(crl_number), 0) from crl where tenant_id = ? and issuer_id = ?")
                .params(tenant.value(), issuer.value())
                .query(Long.class)
                .single();
    }

    /** DER of the newest full (or delta) CRL of {@code issuer}. */
    public Optional<byte[]> latest(TenantId tenant, CaId issuer, boolean delta) {
        return jdbc.sql("select der from crl where tenant_id = ? and issuer_id = ? and (delta_base is not null) = ?"
                        + " order by crl_number desc limit 1")
                .params(tenant.value(), issuer.value(), delta)
                .query((rs, row) -> rs.getBytes("der"))
                .optional();
    }
}
