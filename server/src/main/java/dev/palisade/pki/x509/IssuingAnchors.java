package dev.palisade.pki.x509;

import dev.palisade.keys.FastCrypto;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * The issuing CAs that device certificates are validated against, each validated against the root once, when the set
 * is made, instead of on every connection. What a path through a CA to the root proves about the CA (the root's
 * signature on it, that it may sign certificates, the root's constraints) does not change; only the CA's validity does,
 * and that is checked on every use. The root is P-384, whose signature costs more to verify than the rest of a TLS
 * handshake with a device.
 *
 * <p>A device certificate is then validated (PKIX) with its issuing CA as the trust anchor, and that CA's name
 * constraints applied to it ({@link CaNameConstraints}), so that it proves what the path to the root proved: signed by a trusted CA of its tenant,
 * within the tenant's names, valid now.
 */
public final class IssuingAnchors {

    /** Far more than connections between their handshake and their CONNECT at any moment; at most a few MB. */
    private static final int REMEMBERED = 10_000;

    private static final IssuingAnchors NONE = new IssuingAnchors(Map.of(), null);

    private record Issuer(X509Certificate certificate, TrustAnchor anchor, CaNameConstraints constraints) {}

    /**
     * Certificates (by their encoding) that passed {@link #check} against this set, with the CA that signed them. A
     * device's certificate is checked twice within milliseconds (in the TLS handshake, then at MQTT CONNECT); the
     * second time only the validity dates can have changed, and they are checked again. The set of CAs does not change
     * under an instance: a change makes a new one, with nothing remembered.
     */
    private final Map<ByteBuffer, Issuer> passed = new ConcurrentHashMap<>();

    private final Map<X500Principal, List<Issuer>> bySubject;
    private final @Nullable Provider signatures;

    private IssuingAnchors(Map<X500Principal, List<Issuer>> bySubject, @Nullable Provider signatures) {
        this.bySubject = bySubject;
        this.signatures = signatures;
    }

    /** No CA is trusted (before the first ceremony). */
    public static IssuingAnchors none() {
        return NONE;
    }

    /**
     * The CAs of {@code issuing} that validate against {@code root}; the others are left out, as a path through them
     * would fail.
     *
     * @param signatures the provider that verifies signatures, or null for the JDK's
     */
    public static IssuingAnchors of(
            X509Certificate root, Collection<X509Certificate> issuing, @Nullable Provider signatures) {
        Map<X500Principal, List<Issuer>> bySubject = new HashMap<>();
        for (X509Certificate ca : issuing) {
            if (mayIssue(ca) && chainsTo(root, ca, signatures)) {
                bySubject
                        .computeIfAbsent(ca.getSubjectX500Principal(), subject -> new ArrayList<>(1))
                        .add(new Issuer(ca, anchor(ca), CaNameConstraints.of(ca)));
            }
        }
        return new IssuingAnchors(Map.copyOf(bySubject), signatures);
    }

    public boolean isEmpty() {
        return bySubject.isEmpty();
    }

    /**
     * Checks that {@code certificate} was signed by one of the CAs, within that CA's name constraints, and that both are
     * valid {@code at}. Revocation is not checked here.
     *
     * @throws CertificateException when it was not, saying why
     */
    public void check(X509Certificate certificate, Date at) throws CertificateException {
        ByteBuffer encoding = ByteBuffer.wrap(certificate.getEncoded());
        Issuer known = passed.get(encoding);
        if (known != null) {
            try {
                certificate.checkValidity(at);
                known.certificate().checkValidity(at);
                return;
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                passed.remove(encoding);
            }
        }
        // during a rotation a tenant's old and new CA share their name: at most a few candidates
        List<Issuer> candidates = bySubject.getOrDefault(certificate.getIssuerX500Principal(), List.of());
        if (candidates.isEmpty()) {
            throw new CertificateException("the client certificate is not trusted: its issuer is not a trusted CA");
        }
        CertificateException failure = null;
        for (Issuer issuer : candidates) {
            try {
                issuer.certificate().checkValidity(at);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                failure = new CertificateException(
                        "the client certificate is not trusted: its issuing CA has expired or is not yet valid", e);
                continue;
            }
            try {
                validate(List.of(certificate), issuer.anchor(), at, signatures);
                issuer.constraints().check(certificate);
                remember(encoding, issuer);
                return;
            } catch (GeneralSecurityException e) {
                failure = new CertificateException("the client certificate is not trusted: " + e.getMessage(), e);
            }
        }
        throw Objects.requireNonNull(failure);
    }

    /**
     * The CA that signed {@code certificate}, when it passed {@link #check} against this set and is still remembered:
     * a caller that needs the issuer after the TLS handshake checked the chain need not verify its signature again.
     * Says nothing about validity now; check that too.
     */
    public Optional<X509Certificate> verifiedIssuer(X509Certificate certificate) {
        try {
            Issuer known = passed.get(ByteBuffer.wrap(certificate.getEncoded()));
            return known == null ? Optional.empty() : Optional.of(known.certificate());
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    private void remember(ByteBuffer encoding, Issuer issuer) {
        if (passed.size() >= REMEMBERED) {
            // a burst of connections past the bound: forget them all rather than track which is oldest
            passed.clear();
        }
        passed.put(encoding, issuer);
    }

    /** A CA certificate may sign certificates: a path through it as an intermediate requires as much. */
    private static boolean mayIssue(X509Certificate ca) {
        boolean[] usage = ca.getKeyUsage();
        return ca.getBasicConstraints() >= 0 && (usage == null || (usage.length > 5 && usage[5]));
    }

    /**
     * Whether the root signed {@code ca} and its constraints allow it, at a time the CA is valid: validity is checked
     * on every use instead, as it changes.
     */
    private static boolean chainsTo(X509Certificate root, X509Certificate ca, @Nullable Provider signatures) {
        try {
            validate(List.of(ca), new TrustAnchor(root, null), ca.getNotBefore(), signatures);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The CA as an anchor: by name and key, the key in the fast provider's form (converted once here, not for every
     * signature). Its name constraints are applied separately: the JDK takes none from an anchor.
     */
    private static TrustAnchor anchor(X509Certificate ca) {
        try {
            return new TrustAnchor(ca.getSubjectX500Principal(), FastCrypto.forVerifying(ca.getPublicKey()), null);
        } catch (GeneralSecurityException e) {
            return new TrustAnchor(ca.getSubjectX500Principal(), ca.getPublicKey(), null);
        }
    }

    private static void validate(List<X509Certificate> path, TrustAnchor anchor, Date at, @Nullable Provider signatures)
            throws GeneralSecurityException {
        CertPath certificates = CertificateFactory.getInstance("X.509").generateCertPath(path);
        var parameters = new PKIXParameters(Set.of(anchor));
        parameters.setRevocationEnabled(false);
        parameters.setDate(at);
        if (signatures != null) {
            parameters.setSigProvider(signatures.getName());
        }
        CertPathValidator.getInstance("PKIX").validate(certificates, parameters);
    }
}
