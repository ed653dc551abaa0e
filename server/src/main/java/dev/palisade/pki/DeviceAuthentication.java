package dev.palisade.pki;

import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.internal.CaRegistry;
import dev.palisade.pki.internal.OfflineRoot;
import dev.palisade.pki.internal.RevocationIndex;
import dev.palisade.pki.x509.CaCertificates;
import dev.palisade.pki.x509.DeviceIdentity;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private volatile @Nullable Trust trust;

    DeviceAuthentication(CaRegistry registry, RevocationIndex revocations, OfflineRoot root, Clock clock) {
        this.registry = registry;
        this.revocations = revocations;
        this.root = root;
        this.clock = clock;
        registry.onChange(() -> trust = null);
    }

    /**
     * Validates a client's certificate (PKIX, name constraints, validity; revocation is {@link #identify}'s job). The
     * path is built from the client's own certificate through the currently trusted issuing CAs only, whatever other
     * certificates the client sends along, so a retired or foreign CA never helps.
     */
    public void checkChain(X509Certificate[] chain) throws CertificateException {
        if (chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        Trust current = trust();
        if (current.anchor() == null) {
            throw new CertificateException("no certificate authority is trusted yet");
        }
        try {
            var target = new X509CertSelector();
            target.setCertificate(chain[0]);
            var parameters = new PKIXBuilderParameters(Set.of(current.anchor()), target);
            parameters.setRevocationEnabled(false);
            Provider fast = FastCrypto.ecProvider();
            if (fast != null) {
                // every device connection validates two signatures here: BoringSSL's are several times cheaper
                parameters.setSigProvider(fast.getName());
            }
            parameters.setDate(Date.from(clock.instant()));
            parameters.addCertStore(current.intermediates());
            parameters.addCertStore(
                    CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain[0]))));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the client certificate is not trusted: " + e.getMessage(), e);
        }
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
            if (!caCertificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    || !signedBy(certificate, caCertificate)) {
                continue;
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

    private Trust trust() {
        Trust current = trust;
        if (current == null) {
            current = build();
            trust = current;
        }
        return current;
    }

    private Trust build() {
        Optional<X509Certificate> rootCertificate = root.certificate();
        List<X509Certificate> issuing = registry.trustedCertificates();
        try {
            CertStore intermediates = CertStore.getInstance("Collection", new CollectionCertStoreParameters(issuing));
            return new Trust(
                    rootCertificate.isEmpty() || issuing.isEmpty()
                            ? null
                            : new TrustAnchor(rootCertificate.get(), null),
                    intermediates);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up certificate path validation", e);
        }
    }

    private record Trust(@Nullable TrustAnchor anchor, CertStore intermediates) {}
}
