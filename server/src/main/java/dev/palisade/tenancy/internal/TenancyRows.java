package dev.palisade.tenancy.internal;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.ApiToken;
import dev.palisade.tenancy.ApiTokenId;
import dev.palisade.tenancy.Operator;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Role;
import dev.palisade.tenancy.Tenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Maps tenancy rows to values. */
final class TenancyRows {

    private TenancyRows() {}

    static Tenant tenant(ResultSet rs) throws SQLException {
        return new Tenant(
                TenantId.of(uuid(rs, "id")),
                rs.getString("slug"),
                rs.getString("display_name"),
                rs.getBoolean("platform"),
                instant(rs, "created_at"));
    }

    static Operator operator(ResultSet rs) throws SQLException {
        return new Operator(
                new OperatorId(uuid(rs, "id")),
                TenantId.of(uuid(rs, "tenant_id")),
                rs.getString("name"),
                Role.fromWireName(rs.getString("role")),
                instant(rs, "created_at"),
                nullableInstant(rs, "disabled_at"));
    }

    static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(
                new ApiTokenId(uuid(rs, "id")),
                TenantId.of(uuid(rs, "tenant_id")),
                new OperatorId(uuid(rs, "operator_id")),
                rs.getString("name"),
                Role.fromWireName(rs.getString("role")),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                nullableInstant(rs, "revoked_at"));
    }

    private static final UUID BEFORE_ALL = new UUID(0, 0);

    /** The keyset position to page after: the given key, or before every id. */
    static UUID orFirst(@Nullable UUID after) {
        return after == null ? BEFORE_ALL : after;
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
