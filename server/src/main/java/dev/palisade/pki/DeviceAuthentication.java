package dev.palisade.pki;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.internal.CaRegistry;
import dev.palisade.pki.internal.OfflineRoot;
import dev.palisade.pki.internal.RevocationIndex;
import dev.palisade.pki.x509.CaCertificates;
import dev.palisade.pki.x509.DeviceIdentity;
import dev.palisade.pki.x509.IssuingAnchors;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Authenticates devices by their certificates, in two steps. At the TLS layer, {@link #checkChain} validates the path
 * from the client's certificate through a trusted issuing CA (active or retiring, of any tenant) to the offline
 * root, enforcing each CA's name constraints. Then {@link #identify} says who the device is and refuses certificates
 * that are revoked, of an untrusted CA, or of a tenant other than the one their CA belongs to. Both use only memory.
 */
@Service
public class DeviceAuthentication {

    private final CaRegistry registry;
    private final RevocationIndex revocations;
    private final OfflineRoot root;
    private final Clock clock;
    /** Counts the registry's changes; the anchors are remembered with the count they were made at. */
    private final AtomicLong changes = new AtomicLong();

    private volatile @Nullable Anchors trust;

    private record Anchors(long madeAt, IssuingAnchors anchors) {}

    /**
     * Which CA certificate a presented certificate was found signed by, per certificate object: a device's requests on
     * one TLS session present the same object, so a download resumed range by range verifies its signature once. Weak
     * keys compare by identity and go with the session; the CA must still be trusted for a remembered match to count.
     */
    private final Cache<X509Certificate, X509Certificate> verifiedIssuers =
            Caffeine.newBuilder().weakKeys().weakValues().maximumSize(100_000).build();

    DeviceAuthentication(CaRegistry registry, RevocationIndex revocations, OfflineRoot root, Clock clock) {
        this.registry = registry;
        this.revocations = revocations;
        this.root = root;
        this.clock = clock;
        registry.onChange(changes::incrementAndGet);
    }

    /**
     * Validates a client's certificate (PKIX, name constraints, validity; revocation is {@link #identify}'s job). The
     * path is built from the client's own certificate through the currently trusted issuing CAs only, whatever other
     * certificates the client sends along, so a retired or foreign CA never helps. Each trusted CA's own path to the
     * root is validated once, when the set of trusted CAs changes ({@link IssuingAnchors}), not on every connection.
     */
    public void checkChain(X509Certificate[] chain) throws CertificateException {
        if (chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        IssuingAnchors current = trust();
        if (current.isEmpty()) {
            throw new CertificateException("no certificate authority is trusted yet");
        }
        current.check(chain[0], Date.from(clock.instant()));
    }

    /**
     * The certificates of every tenant's trusted issuing CAs. Not for announcing to clients as acceptable issuers: they
     * name every tenant.
     */
    public X509Certificate[] acceptedIssuers() {
        return registry.trustedCertificates().toArray(X509Certificate[]::new);
    }

    /** Who presented {@code certificate}, if it is a device certificate Palisade still trusts. */
    public Optional<AuthenticatedDevice> identify(X509Certificate certificate) {
        Optional<DeviceIdentity> identity = DeviceIdentity.of(certificate);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        DeviceIdentity who = identity.get();
        for (CertificateAuthority ca : registry.trusted(who.tenant())) {
            X509Certificate caCertificate = ca.requireCertificate();
            if (!caCertificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            if (verifiedIssuers.getIfPresent(certificate) != caCertificate) {
                // the TLS handshake's checkChain has usually verified this very signature moments ago
                boolean checkedInHandshake = trust().verifiedIssuer(certificate)
                        .filter(caCertificate::equals)
                        .isPresent();
                if (!checkedInHandshake && !signedBy(certificate, caCertificate)) {
                    continue;
                }
                verifiedIssuers.put(certificate, caCertificate);
            }
            if (revocations.isRevoked(ca.id(), certificate.getSerialNumber()) || !valid(certificate)) {
                return Optional.empty();
            }
            return Optional.of(new AuthenticatedDevice(
                    who.tenant(), who.device(), who.kind(), ca.id(), certificate.getSerialNumber()));
        }
        return Optional.empty();
    }

    private boolean valid(X509Certificate certificate) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        return CaCertificates.signed(issuer, certificate);
    }

    /**
     * The anchors for the registry as it is now. Made afresh after each change; a change that lands while they are
     * being made leaves them marked with the count before it, so the next call makes them again rather than keep a set
     * that misses a new tenant's CA.
     */
    private IssuingAnchors trust() {
        long now = changes.get();
        Anchors current = trust;
        if (current != null && current.madeAt() == now) {
            return current.anchors();
        }
        // every device connection validates a signature here: BoringSSL's are several times cheaper
        IssuingAnchors made = root.certificate()
                .map(certificate ->
                        IssuingAnchors.of(certificate, registry.trustedCertificates(), FastCrypto.ecProvider()))
                .orElse(IssuingAnchors.none());
        trust = new Anchors(now, made);
        return made;
    }
}
