package dev.palisade.provisioning.internal;

import dev.palisade.pki.x509.PemText;
import dev.palisade.provisioning.Manufacturer;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for manufacturers and their bootstrap CAs; every statement is filtered by tenant. */
@Repository
public class ManufacturerRepository {

    private final JdbcClient jdbc;

    ManufacturerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the manufacturer and its CAs; false (nothing written) when the name or a CA is taken in the tenant. */
    public boolean insert(Manufacturer manufacturer) {
        boolean inserted = jdbc.sql("""
                        insert into manufacturer (tenant_id, id, name, signing_key, created_at) values (?, ?, ?, ?, ?)
                        on conflict (tenant_id, name) do nothing""")
                        .params(
                                manufacturer.tenant().value(),
                                manufacturer.id(),
                                manufacturer.name(),
                                manufacturer.signingKey().getEncoded(),
                                Timestamp.from(manufacturer.createdAt()))
                        .update()
                == 1;
        if (!inserted) {
            return false;
        }
        for (X509Certificate ca : manufacturer.bootstrapCas()) {
            boolean caInserted = jdbc.sql("""
                            insert into manufacturer_ca (tenant_id, manufacturer_id, sha256, der, created_at)
                            values (?, ?, ?, ?, ?) on conflict do nothing""")
                            .params(
                                    manufacturer.tenant().value(),
                                    manufacturer.id(),
                                    sha256(ca),
                                    der(ca),
                                    Timestamp.from(manufacturer.createdAt()))
                            .update()
                    == 1;
            if (!caInserted) {
                throw new ConflictException(
                        "provisioning.manufacturer.ca-registered",
                        "a bootstrap CA is registered with another manufacturer of the tenant");
            }
        }
        return true;
    }

    public Optional<Manufacturer> findByName(TenantId tenant, String name) {
        return list(tenant, "and m.name = ?", name).stream().findFirst();
    }

    public Optional<Manufacturer> find(TenantId tenant, UUID id) {
        return list(tenant, "and m.id = ?", id).stream().findFirst();
    }

    public List<Manufacturer> list(TenantId tenant) {
        return list(tenant, "", null);
    }

    private List<Manufacturer> list(
            TenantId tenant, String condition, @org.jspecify.annotations.Nullable Object value) {
        Map<UUID, List<X509Certificate>> cas = new HashMap<>();
        jdbc.sql("select manufacturer_id, der from manufacturer_ca where tenant_id = ? order by created_at, sha256")
                .param(tenant.value())
                .query((ResultSet rs) -> {
                    cas.computeIfAbsent(rs.getObject("manufacturer_id", UUID.class), id -> new ArrayList<>())
                            .add(PemText.certificate(rs.getBytes("der")));
                });
        var statement = jdbc.sql("select * from manufacturer m where m.tenant_id = ? " + condition + " order by m.name")
                .param(tenant.value());
        if (value != null) {
            statement = statement.param(value);
        }
        return statement
                .query((rs, row) -> manufacturer(rs, cas.getOrDefault(rs.getObject("id", UUID.class), List.of())))
                .list();
    }

    private static Manufacturer manufacturer(ResultSet rs, List<X509Certificate> cas) throws SQLException {
        return new Manufacturer(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                publicKey(rs.getBytes("signing_key")),
                cas,
                rs.getTimestamp("created_at").toInstant());
    }

    /** The key as stored (SubjectPublicKeyInfo), with whichever algorithm it names. */
    public static PublicKey publicKey(byte[] spki) {
        for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the signing key is not an EC, RSA or Ed25519 public key");
    }

    public static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der(certificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}
