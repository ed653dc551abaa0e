package dev.palisade.provisioning;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.keys.FastCrypto;
import dev.palisade.provisioning.internal.ManufacturerRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.TenantDirectory;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The manufacturers' bootstrap CAs of every tenant, in memory, for the one thing they are trusted for: a device's
 * first-contact enrolment. {@link #checkChain} validates a client certificate's path to one of them (PKIX, validity;
 * manufacturers publish no revocation Palisade could reach, so a leaked bootstrap certificate is answered by the
 * recall list and by each manifest entry being usable once); {@link #registrations} says which tenants' manufacturers
 * that CA belongs to.
 */
@Service
public class ManufacturerTrust {

    private final TenantDirectory tenants;
    private final TenantTransactions transactions;
    private final ManufacturerRepository manufacturers;
    private final Clock clock;
    private final AtomicLong changes = new AtomicLong();
    private volatile @Nullable Anchors anchors;
    /**
     * Each client certificate object's validated CA, for the anchors it was validated with: one first contact checks
     * the same chain in the handshake and again when it looks up the registrations, and the path check is the most
     * expensive step of both. Keys are held weakly, by identity, so an entry lives as long as the connection's
     * certificate; validity is checked again on every call.
     */
    private final Cache<X509Certificate, Validated> validated =
            Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    ManufacturerTrust(
            TenantDirectory tenants,
            TenantTransactions transactions,
            ManufacturerRepository manufacturers,
            Clock clock) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.manufacturers = manufacturers;
        this.clock = clock;
    }

    /** A manufacturer's bootstrap CA as registered with one tenant. */
    public record Registration(TenantId tenant, Manufacturer manufacturer, X509Certificate ca) {}

    /**
     * Validates the path from {@code chain[0]} to a registered bootstrap CA, through the intermediates the client sent
     * if any; returns the CA.
     */
    public X509Certificate checkChain(X509Certificate[] chain) throws CertificateException {
        if (chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        Anchors current = anchors();
        if (current.trust.isEmpty()) {
            throw new CertificateException("no manufacturer CA is registered");
        }
        Validated earlier = validated.getIfPresent(chain[0]);
        if (earlier != null && earlier.anchors == current && earlier.chainLength == chain.length) {
            Date now = Date.from(clock.instant());
            for (X509Certificate certificate : chain) {
                certificate.checkValidity(now);
            }
            return earlier.ca;
        }
        try {
            var target = new X509CertSelector();
            target.setCertificate(chain[0]);
            var parameters = new PKIXBuilderParameters(current.trust, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            Provider signatures = FastCrypto.ecProvider();
            if (signatures != null) {
                // the anchors' keys are in its form; without this, the JDK's EC code verifies, several times slower
                parameters.setSigProvider(signatures.getName());
            }
            parameters.addCertStore(
                    CertStore.getInstance("Collection", new CollectionCertStoreParameters(Arrays.asList(chain))));
            var result = (PKIXCertPathBuilderResult)
                    CertPathBuilder.getInstance("PKIX").build(parameters);
            X509Certificate ca = current.caOf.get(result.getTrustAnchor());
            if (ca == null) {
                throw new CertificateException("the path ends at an anchor this trust does not hold");
            }
            validated.put(chain[0], new Validated(current, ca, chain.length));
            return ca;
        } catch (GeneralSecurityException e) {
            throw new CertificateException("no path to a registered manufacturer CA", e);
        }
    }

    /** The tenants (and manufacturers) that registered the CA {@code chain} validates to; empty if none does. */
    public List<Registration> registrations(X509Certificate[] chain) {
        try {
            X509Certificate ca = checkChain(chain);
            return anchors().byCa.getOrDefault(fingerprint(ca), List.of());
        } catch (CertificateException e) {
            return List.of();
        }
    }

    /** Forgets what it knew, after a manufacturer was registered or changed. */
    public void invalidate() {
        changes.incrementAndGet();
        anchors = null;
        validated.invalidateAll();
    }

    private Anchors anchors() {
        Anchors current = anchors;
        if (current == null) {
            long seen = changes.get();
            current = load();
            if (changes.get() == seen) { // a change during the load makes the next call load again
                anchors = current;
            }
        }
        return current;
    }

    private Anchors load() {
        Map<String, List<Registration>> byCa = new HashMap<>();
        Map<TrustAnchor, X509Certificate> caOf = new IdentityHashMap<>();
        Set<String> seen = new HashSet<>();
        for (TenantId tenant : tenants.all()) {
            for (Manufacturer manufacturer : transactions.readInTenant(tenant, () -> manufacturers.list(tenant))) {
                for (X509Certificate ca : manufacturer.bootstrapCas()) {
                    String fingerprint = fingerprint(ca);
                    byCa.computeIfAbsent(fingerprint, key -> new ArrayList<>())
                            .add(new Registration(tenant, manufacturer, ca));
                    if (seen.add(fingerprint)) {
                        caOf.put(anchor(ca), ca);
                    }
                }
            }
        }
        return new Anchors(Set.copyOf(caOf.keySet()), Collections.unmodifiableMap(caOf), Map.copyOf(byCa));
    }

    /**
     * The CA as a name and a key, the key in the fast provider's form: the path check verifies each bootstrap
     * certificate's signature with the anchor's key, and the certificates of a TLS handshake (Conscrypt's) then verify
     * in BoringSSL instead of the JDK's EC code, several times slower, on every device's first contact.
     */
    private static TrustAnchor anchor(X509Certificate ca) {
        try {
            return new TrustAnchor(ca.getSubjectX500Principal(), FastCrypto.forVerifying(ca.getPublicKey()), null);
        } catch (GeneralSecurityException e) {
            return new TrustAnchor(ca, null);
        }
    }

    private static String fingerprint(X509Certificate certificate) {
        return HexFormat.of().formatHex(ManufacturerRepository.sha256(certificate));
    }

    private record Validated(Anchors anchors, X509Certificate ca, int chainLength) {}

    private record Anchors(
            Set<TrustAnchor> trust, Map<TrustAnchor, X509Certificate> caOf, Map<String, List<Registration>> byCa) {}
}
