package dev.palisade.pki.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.CaId;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.pki.x509.PemText;
import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for issued certificates; every statement is filtered by tenant. */
@Repository
public class CertificateRepository {

    private static final String INSERT = """
            insert into certificate (issuer_id, serial, tenant_id, device_id, profile, spki_sha256,
                                     not_before, not_after, der, issued_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    CertificateRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public void insert(IssuedCertificate certificate) {
        jdbc.sql(INSERT).params(row(certificate)).update();
    }

    /** Inserts {@code issued} in one batch. */
    public void insertAll(List<IssuedCertificate> issued) {
        batch.batchUpdate(
                INSERT, issued.stream().map(CertificateRepository::row).toList());
    }

    private static Object[] row(IssuedCertificate certificate) {
        DeviceId device = certificate.device();
        return new Object[] {
            certificate.issuer().value(),
            certificate.serialHex(),
            certificate.tenant().value(),
            device == null ? null : device.value(),
            profileName(certificate.profile()),
            certificate.publicKeySha256(),
            Timestamp.from(certificate.certificate().getNotBefore().toInstant()),
            Timestamp.from(certificate.certificate().getNotAfter().toInstant()),
            CaRepository.encoded(certificate.certificate()),
            Timestamp.from(certificate.issuedAt())
        };
    }

    public Optional<IssuedCertificate> find(TenantId tenant, CaId issuer, BigInteger serial) {
        return jdbc.sql("select * from certificate where tenant_id = ? and issuer_id = ? and serial = ?")
                .params(tenant.value(), issuer.value(), IssuedCertificate.hex(serial))
                .query((rs, row) -> certificate(rs))
                .optional();
    }

    /**
     * A device's certificates, newest first, issued before {@code before} (for paging; from the newest when null).
     * Null rather than {@link Instant#MAX}, which no SQL timestamp can hold.
     */
    public List<IssuedCertificate> ofDevice(TenantId tenant, DeviceId device, @Nullable Instant before, int limit) {
        if (before == null) {
            return jdbc.sql("""
                            select * from certificate
                            where tenant_id = ? and device_id = ?
                            order by issued_at desc limit ?""")
                    .params(tenant.value(), device.value(), limit)
                    .query((rs, row) -> certificate(rs))
                    .list();
        }
        return jdbc.sql("""
                        select * from certificate
                        where tenant_id = ? and device_id = ? and issued_at < ?
                        order by issued_at desc limit ?""")
                .params(tenant.value(), device.value(), Timestamp.from(before), limit)
                .query((rs, row) -> certificate(rs))
                .list();
    }

    /** The newest unexpired, unrevoked certificate of a profile that names no device (OCSP signers, servers). */
    public Optional<IssuedCertificate> latestOf(TenantId tenant, CaId issuer, CertificateProfile profile, Instant now) {
        return jdbc.sql("""
                        select * from certificate
                        where tenant_id = ? and issuer_id = ? and profile = ? and revoked_at is null and not_after > ?
                        order by not_after desc limit 1""")
                .params(tenant.value(), issuer.value(), profileName(profile), Timestamp.from(now))
                .query((rs, row) -> certificate(rs))
                .optional();
    }

    /** Revokes one certificate; returns it if it was not revoked before. */
    public List<IssuedCertificate> revokeOne(
            TenantId tenant, CaId issuer, BigInteger serial, Instant at, RevocationReason reason) {
        return revoke(
                tenant, "issuer_id = ? and serial = ?", at, reason, issuer.value(), IssuedCertificate.hex(serial));
    }

    /** Revokes every unrevoked certificate of a device. */
    public List<IssuedCertificate> revokeDevice(TenantId tenant, DeviceId device, Instant at, RevocationReason reason) {
        return revoke(tenant, "device_id = ?", at, reason, device.value());
    }

    /** Revokes every unrevoked certificate an issuer issued (the issuer itself was compromised). */
    public List<IssuedCertificate> revokeIssued(TenantId tenant, CaId issuer, Instant at, RevocationReason reason) {
        return revoke(tenant, "issuer_id = ?", at, reason, issuer.value());
    }

    private List<IssuedCertificate> revoke(
            TenantId tenant, String condition, Instant at, RevocationReason reason, Object... parameters) {
        var statement = jdbc.sql("update certificate set revoked_at = ?, revocation_reason = ?"
                        + " where tenant_id = ? and revoked_at is null and " + condition + " returning *")
                .param(Timestamp.from(at))
                .param(reason.wireName())
                .param(tenant.value());
        for (Object parameter : parameters) {
            statement = statement.param(parameter);
        }
        return statement.query((rs, row) -> certificate(rs)).list();
    }

    /** Every revoked certificate of {@code issuer}, for its CRL, streamed. */
    public void forEachRevoked(TenantId tenant, CaId issuer, Consumer<RevokedEntry> action) {
        jdbc.sql("""
                        select serial, revoked_at, revocation_reason from certificate
                        where tenant_id = ? and issuer_id = ? and revoked_at is not null""").params(tenant.value(), issuer.value()).query((ResultSet rs) -> {
            action.accept(new RevokedEntry(
                    new BigInteger(rs.getString("serial"), 16),
                    rs.getTimestamp("revoked_at").toInstant(),
                    RevocationReason.ofWireName(rs.getString("revocation_reason"))
                            .orElse(RevocationReason.UNSPECIFIED)));
        });
    }

    public boolean exists(TenantId tenant, CaId issuer, BigInteger serial) {
        return jdbc.sql("select exists(select 1 from certificate where tenant_id = ? and issuer_id = ? and serial = ?)")
                .params(tenant.value(), issuer.value(), IssuedCertificate.hex(serial))
                .query(Boolean.class)
                .single();
    }

    static String profileName(CertificateProfile profile) {
        return profile.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static CertificateProfile profile(String name) {
        return CertificateProfile.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static IssuedCertificate certificate(ResultSet rs) throws SQLException {
        String device = rs.getString("device_id");
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        String reason = rs.getString("revocation_reason");
        return new IssuedCertificate(
                new CaId(rs.getObject("issuer_id", UUID.class)),
                new BigInteger(rs.getString("serial"), 16),
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                device == null ? null : DeviceId.of(device),
                profile(rs.getString("profile")),
                PemText.certificate(rs.getBytes("der")),
                rs.getBytes("spki_sha256"),
                rs.getTimestamp("issued_at").toInstant(),
                revokedAt == null ? null : revokedAt.toInstant(),
                reason == null ? null : reasonOf(reason));
    }

    private static @Nullable RevocationReason reasonOf(String wireName) {
        return RevocationReason.ofWireName(wireName).orElse(null);
    }
}
