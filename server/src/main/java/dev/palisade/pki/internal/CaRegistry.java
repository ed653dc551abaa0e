package dev.palisade.pki.internal;

import dev.palisade.pki.CaId;
import dev.palisade.pki.CaStatus;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/**
 * Every tenant's certificate authorities, in memory: the hot paths (TLS client authentication, EST, OCSP, CRL
 * serving) look them up here without touching the database. Reloaded from the database at start and after every
 * change of a tenant's authorities.
 */
@Component
public class CaRegistry {

    private final TenantTransactions transactions;
    private final CaRepository repository;
    private final Map<CaId, CertificateAuthority> authorities = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    CaRegistry(TenantTransactions transactions, CaRepository repository) {
        this.transactions = transactions;
        this.repository = repository;
    }

    /** Loads every tenant's authorities (platform scope). */
    public void reloadAll() {
        List<CertificateAuthority> all = transactions.acrossTenants(repository::all);
        authorities.clear();
        all.forEach(ca -> authorities.put(ca.id(), ca));
        listeners.forEach(Runnable::run);
    }

    /** Reloads one tenant's authorities after a change committed. */
    public void reload(TenantId tenant) {
        List<CertificateAuthority> current = transactions.readInTenant(tenant, () -> repository.ofTenant(tenant));
        authorities.values().removeIf(ca -> ca.tenant().equals(tenant));
        current.forEach(ca -> authorities.put(ca.id(), ca));
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every reload, for those who derive state from the authorities. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public Optional<CertificateAuthority> get(CaId id) {
        return Optional.ofNullable(authorities.get(id));
    }

    /** The tenant's issuing authority, if it has one. */
    public Optional<CertificateAuthority> active(TenantId tenant) {
        return authorities.values().stream()
                .filter(ca -> ca.tenant().equals(tenant) && ca.status() == CaStatus.ACTIVE)
                .findFirst();
    }

    /** The tenant's newest pending authority, awaiting the root's signature. */
    public Optional<CertificateAuthority> pending(TenantId tenant) {
        return authorities.values().stream()
                .filter(ca -> ca.tenant().equals(tenant) && ca.status() == CaStatus.PENDING)
                .max(Comparator.comparingInt(CertificateAuthority::generation));
    }

    /** The tenant's trusted authorities (active, and retiring during a rotation), newest first. */
    public List<CertificateAuthority> trusted(TenantId tenant) {
        return authorities.values().stream()
                .filter(ca -> ca.tenant().equals(tenant) && ca.status().trusted())
                .sorted(Comparator.comparingInt(CertificateAuthority::generation)
                        .reversed())
                .toList();
    }

    /** Certificates of every trusted authority of every tenant. */
    public List<X509Certificate> trustedCertificates() {
        return authorities.values().stream()
                .filter(ca -> ca.status().trusted())
                .map(CertificateAuthority::requireCertificate)
                .toList();
    }

    /** Every authority that has a certificate (all but pending ones), for CRL publishing. */
    public List<CertificateAuthority> certified() {
        return authorities.values().stream()
                .filter(ca -> ca.certificate() != null)
                .toList();
    }
}
