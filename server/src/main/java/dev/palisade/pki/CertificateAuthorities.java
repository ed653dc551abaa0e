package dev.palisade.pki;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.pki.internal.CaRegistry;
import dev.palisade.pki.internal.CaRepository;
import dev.palisade.pki.internal.IssuingCaCheck;
import dev.palisade.pki.internal.OfflineRoot;
import dev.palisade.pki.x509.CaCertificates;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Service;

/**
 * The tenants' issuing CAs and their rotation. A CA is introduced with a key generated in custody and a request for
 * the offline root; once the root's certificate for it is imported it becomes the tenant's active CA, and the
 * previous one turns retiring (still trusted, no longer issuing) until an operator retires it. With the automatic
 * ceremony the server does all of this itself, the root signing in a separate process.
 */
@Service
public class CertificateAuthorities {

    private final TenantTransactions transactions;
    private final CaRepository repository;
    private final CaRegistry registry;
    private final KeyCustody keys;
    private final OfflineRoot root;
    private final AuditLog audit;
    private final PkiSettings settings;
    private final Clock clock;
    private final Map<TenantId, ReentrantLock> ceremonies = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<CertificateAuthority>> activatedListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    CertificateAuthorities(
            TenantTransactions transactions,
            CaRepository repository,
            CaRegistry registry,
            KeyCustody keys,
            OfflineRoot root,
            AuditLog audit,
            PkiSettings settings,
            Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.registry = registry;
        this.keys = keys;
        this.root = root;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    public List<CertificateAuthority> list(Caller caller) {
        return transactions.readInTenant(caller.tenant(), () -> repository.ofTenant(caller.tenant()));
    }

    public CertificateAuthority get(Caller caller, CaId id) {
        return find(caller.tenant(), id);
    }

    /** Runs {@code listener} with every CA that becomes active (to load its revocations and publish its CRL). */
    public void onActivated(java.util.function.Consumer<CertificateAuthority> listener) {
        activatedListeners.add(listener);
    }

    /**
     * Runs {@code listener} whenever the set of trusted CAs changes (one activated, retired or revoked), on the thread
     * that changed it: relying parties that keep their own copy of the trust (the broker's trust store) refresh it.
     */
    public void onTrustChanged(Runnable listener) {
        registry.onChange(listener);
    }

    /** A CA of {@code tenant} by id, from memory when it can. */
    public CertificateAuthority byId(TenantId tenant, CaId id) {
        return registry.get(id).filter(ca -> ca.tenant().equals(tenant)).orElseGet(() -> find(tenant, id));
    }

    /** Certificates of the tenant's trusted CAs (active first, then one retiring during a rotation). */
    public List<X509Certificate> trustedCertificates(TenantId tenant) {
        return registry.trusted(tenant).stream()
                .map(CertificateAuthority::requireCertificate)
                .toList();
    }

    /** The offline root's certificate, once there is one. */
    public Optional<X509Certificate> rootCertificate() {
        return root.certificate();
    }

    /** Introduces a new CA for the caller's tenant: pending until its certificate is imported. */
    public CertificateAuthority introduce(Caller caller) {
        CertificateAuthority ca = introduce(caller.tenant(), caller.actor(), caller.requestId());
        registry.reload(caller.tenant());
        return ca;
    }

    /** Imports the offline root's certificate for a pending CA and makes it the tenant's active CA. */
    public CertificateAuthority activate(Caller caller, CaId id, String certificatePem) {
        X509Certificate certificate;
        try {
            List<X509Certificate> certificates = PemText.parseCertificates(certificatePem);
            if (certificates.size() != 1) {
                throw new IllegalArgumentException("expected exactly one certificate");
            }
            certificate = certificates.getFirst();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "pki.ca.invalid-certificate", "certificate", String.valueOf(e.getMessage()));
        }
        CertificateAuthority ca = activate(caller.tenant(), id, certificate, caller.actor(), caller.requestId());
        registry.reload(caller.tenant());
        activatedListeners.forEach(listener -> listener.accept(ca));
        return ca;
    }

    /** Stops trusting a retiring CA; its CRL stays published. The active CA cannot be retired. */
    public CertificateAuthority retire(Caller caller, CaId id) {
        CertificateAuthority retired = transactions.inTenant(caller.tenant(), () -> {
            repository.lockTenant(caller.tenant());
            CertificateAuthority ca = find(caller.tenant(), id);
            if (ca.status() != CaStatus.RETIRING) {
                throw new ConflictException(
                        "pki.ca.not-retiring",
                        "only a retiring CA can be retired (this one is "
                                + ca.status().wireName() + "); activate its successor first");
            }
            repository.changeStatus(caller.tenant(), id, CaStatus.RETIRED, now());
            audit.append(caller.audit("ca.retired", "ca:" + id));
            return find(caller.tenant(), id);
        });
        registry.reload(caller.tenant());
        return retired;
    }

    /**
     * The tenant's active CA, set up first when the ceremony is automatic and there is none yet (a new tenant, or an
     * installation that predates the PKI). Serialised per tenant; safe to call from several places at once.
     */
    public CertificateAuthority ensureIssuing(TenantId tenant) {
        Optional<CertificateAuthority> active = registry.active(tenant);
        if (active.isPresent()) {
            return active.get();
        }
        if (!root.automatic()) {
            throw new ConflictException(
                    "pki.ca.not-active",
                    "the tenant has no active CA: sign the pending CA's request"
                            + " with the offline root and import the certificate");
        }
        ReentrantLock lock = ceremonies.computeIfAbsent(tenant, key -> new ReentrantLock());
        lock.lock();
        try {
            registry.reload(tenant);
            Optional<CertificateAuthority> again = registry.active(tenant);
            if (again.isPresent()) {
                return again.get();
            }
            Actor ceremony = Actor.system("ca-ceremony");
            String requestId = "ca-ceremony-" + Uuid7.next(clock);
            CertificateAuthority pending =
                    registry.pending(tenant).orElseGet(() -> introduce(tenant, ceremony, requestId));
            X509Certificate certificate = root.signIssuingCa(pending.csr(), settings.issuingCaLifetime());
            CertificateAuthority activated = activate(tenant, pending.id(), certificate, ceremony, requestId);
            registry.reload(tenant);
            activatedListeners.forEach(listener -> listener.accept(activated));
            return activated;
        } finally {
            lock.unlock();
        }
    }

    private CertificateAuthority introduce(TenantId tenant, Actor actor, String requestId) {
        return transactions.inNewTransaction(tenant, () -> {
            List<CertificateAuthority> authorities = repository.lockTenant(tenant);
            for (CertificateAuthority other : authorities) {
                if (other.status() == CaStatus.PENDING) {
                    // one ceremony at a time: a second pending CA would only add a key nobody signs
                    throw new ConflictException(
                            "pki.ca.pending-exists",
                            "CA " + other.id() + " is already pending: sign its request with the offline root"
                                    + " and import the certificate");
                }
            }
            int generation = repository.nextGeneration(tenant);
            var id = new CaId(Uuid7.next(clock));
            KeyAlias alias = KeyAlias.of("tenant/" + tenant + "/issuing-ca/" + generation);
            SigningKey key = keys.getOrCreate(alias, settings.caKeyAlgorithm());
            String commonName = "Palisade issuing CA " + generation;
            byte[] csr = CaCertificates.issuingCaRequest(tenant, commonName, key);
            var ca = new CertificateAuthority(
                    id, tenant, generation, commonName, alias, key.algorithm(), CaStatus.PENDING, csr, null, now());
            repository.insert(ca);
            audit.append(AuditEntry.succeeded(tenant, actor, "ca.introduced", "ca:" + id, requestId)
                    .withDetails(Map.of(
                            "generation",
                            Integer.toString(generation),
                            "keyAlgorithm",
                            key.algorithm().name())));
            return ca;
        });
    }

    private CertificateAuthority activate(
            TenantId tenant, CaId id, X509Certificate certificate, Actor actor, String requestId) {
        return transactions.inNewTransaction(tenant, () -> {
            List<CertificateAuthority> authorities = repository.lockTenant(tenant);
            CertificateAuthority ca = find(tenant, id);
            if (ca.status() != CaStatus.PENDING) {
                throw new ConflictException(
                        "pki.ca.not-pending",
                        "CA " + id + " is " + ca.status().wireName() + "; only a pending CA takes a certificate");
            }
            X509Certificate rootCertificate = root.certificate()
                    .orElseThrow(() -> new ConflictException(
                            "pki.root.missing",
                            "the root certificate is not" + " configured (palisade.pki.root-certificate)"));
            SigningKey key = keys.find(ca.keyAlias())
                    .orElseThrow(() -> new IllegalStateException("the key of CA " + id + " is missing from custody"));
            IssuingCaCheck.check(certificate, ca, key.publicKey(), rootCertificate, clock.instant());
            Instant now = now();
            for (CertificateAuthority other : authorities) {
                if (other.status() == CaStatus.ACTIVE) {
                    repository.changeStatus(tenant, other.id(), CaStatus.RETIRING, now);
                    audit.append(AuditEntry.succeeded(tenant, actor, "ca.retiring", "ca:" + other.id(), requestId)
                            .withDetails(Map.of("successor", id.toString())));
                }
            }
            repository.activate(tenant, id, certificate, now);
            audit.append(AuditEntry.succeeded(tenant, actor, "ca.activated", "ca:" + id, requestId)
                    .withDetails(Map.of(
                            "notAfter", certificate.getNotAfter().toInstant().toString())));
            return find(tenant, id);
        });
    }

    private CertificateAuthority find(TenantId tenant, CaId id) {
        return transactions
                .readInTenant(tenant, () -> repository.find(tenant, id))
                .orElseThrow(() -> new NotFoundException("pki.ca.not-found", "no CA " + id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
