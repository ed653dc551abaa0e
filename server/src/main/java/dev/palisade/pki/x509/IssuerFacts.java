package dev.palisade.pki.x509;

import dev.palisade.keys.SigningKey;
import dev.palisade.shared.TenantId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * What every certificate an issuer signs takes from its certificate, or is checked against: the issuer's subject and
 * key identifier, the tenant it is the CA of, whether it may sign certificates at all, and which keys in custody were
 * found to be its key. Worked out once per issuer certificate instead of once per certificate signed: an issuing CA
 * signs thousands with the same certificate, and each of these facts costs an encoding and a parse. Thread-safe.
 */
final class IssuerFacts {

    private static final int MAX_ISSUERS = 256;
    private static final int MAX_KEYS = 16;
    private static final Map<X509Certificate, IssuerFacts> KNOWN = new ConcurrentHashMap<>();

    private final X509Certificate certificate;
    private final X500Name subject;
    private final AuthorityKeyIdentifier authorityKeyIdentifier;
    private final Optional<TenantId> tenant;
    private final @Nullable String notAnIssuer;
    private final Instant notAfter;
    private final Map<SameKey, Boolean> keysOfIt = new ConcurrentHashMap<>();

    private IssuerFacts(X509Certificate certificate) {
        this.certificate = certificate;
        this.subject = Certificates.subjectOf(certificate);
        this.authorityKeyIdentifier = KeyIdentifiers.authorityKeyIdentifier(certificate);
        this.tenant = PalisadeNames.parseTenantSubject(subject).map(PalisadeNames.TenantName::tenant);
        this.notAnIssuer = problemAsIssuer(certificate);
        this.notAfter = certificate.getNotAfter().toInstant();
    }

    /** The facts of {@code issuer}, worked out on first use. Few issuers are ever seen by one process. */
    static IssuerFacts of(X509Certificate issuer) {
        IssuerFacts facts = KNOWN.get(issuer);
        if (facts == null) {
            facts = new IssuerFacts(issuer);
            if (KNOWN.size() >= MAX_ISSUERS) {
                KNOWN.clear();
            }
            KNOWN.put(issuer, facts);
        }
        return facts;
    }

    /** The issuer's subject exactly as encoded: the issuer name of what it signs. */
    X500Name subject() {
        return subject;
    }

    AuthorityKeyIdentifier authorityKeyIdentifier() {
        return authorityKeyIdentifier;
    }

    /** The tenant whose issuing CA this is, when its subject is a Palisade tenant subject. */
    Optional<TenantId> tenant() {
        return tenant;
    }

    Instant notAfter() {
        return notAfter;
    }

    /** Throws unless the certificate is a CA's that may sign certificates (see {@link Certificates#requireCa}). */
    void requireIssuer() {
        if (notAnIssuer != null) {
            throw new IllegalArgumentException(notAnIssuer);
        }
    }

    /**
     * Throws unless {@code key} is the issuer's key, as {@link Certificates#requireKeyOf} does. A key found to be the
     * issuer's is remembered by identity: custody hands out the same object for a key every time.
     */
    void requireKey(SigningKey key) {
        SameKey same = new SameKey(key);
        if (keysOfIt.containsKey(same)) {
            return;
        }
        Certificates.requireKeyOf(key, certificate, "issuer");
        if (keysOfIt.size() < MAX_KEYS) {
            keysOfIt.put(same, Boolean.TRUE);
        }
    }

    private static @Nullable String problemAsIssuer(X509Certificate certificate) {
        try {
            Certificates.requireCa(certificate, false);
            return null;
        } catch (IllegalArgumentException notAnIssuer) {
            return notAnIssuer.getMessage();
        }
    }

    /** A key compared by identity: comparing key objects by value would encode them. */
    private record SameKey(SigningKey key) {

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof SameKey same && same.key == key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }
    }
}
