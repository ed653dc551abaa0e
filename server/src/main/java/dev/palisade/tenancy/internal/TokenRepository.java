package dev.palisade.tenancy.internal;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.ApiToken;
import dev.palisade.tenancy.ApiTokenId;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for API tokens; every statement is filtered by tenant. */
@Repository
public class TokenRepository {

    private final JdbcClient jdbc;

    TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiToken token, byte[] secretHash) {
        jdbc.sql("""
                        insert into api_token (id, tenant_id, operator_id, name, role, secret_hash, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        token.id().value(),
                        token.tenant().value(),
                        token.operator().value(),
                        token.name(),
                        token.role().wireName(),
                        secretHash,
                        Timestamp.from(token.createdAt()),
                        Timestamp.from(token.expiresAt()))
                .update();
    }

    public Optional<ApiToken> find(TenantId tenant, ApiTokenId id) {
        return jdbc.sql("select * from api_token where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query((rs, row) -> TenancyRows.token(rs))
                .optional();
    }

    /**
     * Everything authentication needs about a token, in one query on the request path: the token and its stored
     * hash, its operator's name and state, and whether its tenant is the platform tenant.
     */
    public Optional<StoredToken> findForAuthentication(TenantId tenant, ApiTokenId id) {
        return jdbc.sql("select t.*, o.name as operator_name, o.disabled_at as operator_disabled_at,"
                        + " n.platform as platform_tenant"
                        + " from api_token t"
                        + " join operator o on o.tenant_id = t.tenant_id and o.id = t.operator_id"
                        + " join tenant n on n.id = t.tenant_id"
                        + " where t.tenant_id = ? and t.id = ?")
                .params(tenant.value(), id.value())
                .query((rs, row) -> new StoredToken(
                        TenancyRows.token(rs),
                        rs.getBytes("secret_hash"),
                        rs.getString("operator_name"),
                        rs.getTimestamp("operator_disabled_at") == null,
                        rs.getBoolean("platform_tenant")))
                .optional();
    }

    public boolean revoke(TenantId tenant, ApiTokenId id, Instant at) {
        return jdbc.sql("update api_token set revoked_at = ? where tenant_id = ? and id = ? and revoked_at is null")
                        .params(Timestamp.from(at), tenant.value(), id.value())
                        .update()
                == 1;
    }

    /** Live tokens of an operator whose role is not within {@code role}. */
    public List<ApiToken> liveTokensOutranking(TenantId tenant, OperatorId operator, Role role, Instant now) {
        return jdbc
                .sql("""
                        select * from api_token
                        where tenant_id = ? and operator_id = ? and revoked_at is null and expires_at > ?""")
                .params(tenant.value(), operator.value(), Timestamp.from(now))
                .query((rs, row) -> TenancyRows.token(rs))
                .list()
                .stream()
                .filter(token -> !token.role().isWithin(role))
                .toList();
    }

    public List<ApiToken> page(TenantId tenant, @Nullable OperatorId operator, @Nullable UUID after, int limit) {
        return jdbc.sql("""
                        select * from api_token
                        where tenant_id = ?
                          and (?::uuid is null or operator_id = ?::uuid)
                          and id > ?
                        order by id limit ?""")
                .param(tenant.value())
                .param(operator == null ? null : operator.value())
                .param(operator == null ? null : operator.value())
                .param(TenancyRows.orFirst(after))
                .param(limit)
                .query((rs, row) -> TenancyRows.token(rs))
                .list();
    }

    /** A token row with the hash of its secret, and what authentication needs of its operator and tenant. */
    public record StoredToken(
            ApiToken token, byte[] secretHash, String operatorName, boolean operatorActive, boolean platformTenant) {}
}
