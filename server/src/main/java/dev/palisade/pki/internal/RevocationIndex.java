package dev.palisade.pki.internal;

import dev.palisade.pki.CaId;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.storage.TenantTransactions;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The revoked serials of every authority, in memory, so that TLS client authentication, EST and OCSP answer "is this
 * certificate revoked" without a database query. Loaded at start; updated by the revocation service after each
 * revocation commits.
 */
@Component
public class RevocationIndex {

    private final TenantTransactions transactions;
    private final CertificateRepository certificates;
    private final Map<CaId, Map<BigInteger, RevokedEntry>> revoked = new ConcurrentHashMap<>();

    RevocationIndex(TenantTransactions transactions, CertificateRepository certificates) {
        this.transactions = transactions;
        this.certificates = certificates;
    }

    /** Loads the revoked certificates of {@code ca}. */
    public void load(CertificateAuthority ca) {
        Map<BigInteger, RevokedEntry> entries = new ConcurrentHashMap<>();
        transactions.readInTenant(ca.tenant(), () -> {
            certificates.forEachRevoked(ca.tenant(), ca.id(), entry -> entries.put(entry.serial(), entry));
            return null;
        });
        revoked.put(ca.id(), entries);
    }

    public void add(CaId issuer, RevokedEntry entry) {
        revoked.computeIfAbsent(issuer, id -> new ConcurrentHashMap<>()).put(entry.serial(), entry);
    }

    public Optional<RevokedEntry> find(CaId issuer, BigInteger serial) {
        Map<BigInteger, RevokedEntry> entries = revoked.get(issuer);
        return entries == null ? Optional.empty() : Optional.ofNullable(entries.get(serial));
    }

    /** Every revoked certificate of {@code issuer}, for its CRL. */
    public List<RevokedEntry> entries(CaId issuer) {
        Map<BigInteger, RevokedEntry> entries = revoked.get(issuer);
        return entries == null ? List.of() : List.copyOf(entries.values());
    }

    public boolean isRevoked(CaId issuer, BigInteger serial) {
        return find(issuer, serial).isPresent();
    }
}
