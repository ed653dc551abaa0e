package dev.palisade.pki.x509;

import dev.palisade.keys.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Full and delta CRLs (RFC 5280 section 5) signed by an issuing CA's key in custody. Both carry the authority key
 * identifier and a CRL number; a delta CRL also carries a critical deltaCRLIndicator naming the full CRL it completes,
 * and lists what changed since then (new revocations, and {@link RevocationReason#REMOVE_FROM_CRL} for released holds).
 * Entries are written as they come from the iterable, in one pass, straight to DER with shared pre-encoded reason
 * extensions, so that a CRL of a large fleet (100,000 entries, about 5 MB) builds and signs in
 * a fraction of a second.
 */
public final class Crls {

    private Crls() {}

    /** A full CRL listing {@code entries}. */
    public static SignedCrl full(
            X509Certificate issuer,
            SigningKey issuerKey,
            BigInteger crlNumber,
            Instant thisUpdate,
            Instant nextUpdate,
            Iterable<RevokedEntry> entries) {
        return build(issuer, issuerKey, crlNumber, null, thisUpdate, nextUpdate, entries);
    }

    /** A delta CRL: the changes since the full CRL numbered {@code baseCrlNumber}, which must be lower. */
    public static SignedCrl delta(
            X509Certificate issuer,
            SigningKey issuerKey,
            BigInteger crlNumber,
            BigInteger baseCrlNumber,
            Instant thisUpdate,
            Instant nextUpdate,
            Iterable<RevokedEntry> entries) {
        requireCrlNumber(baseCrlNumber, "the base CRL number");
        if (baseCrlNumber.compareTo(crlNumber) >= 0) {
            throw new IllegalArgumentException(
                    "a delta CRL's number " + crlNumber + " must be above its base " + baseCrlNumber);
        }
        return build(issuer, issuerKey, crlNumber, baseCrlNumber, thisUpdate, nextUpdate, entries);
    }

    private static SignedCrl build(
            X509Certificate issuer,
            SigningKey issuerKey,
            BigInteger crlNumber,
            @Nullable BigInteger baseCrlNumber,
            Instant thisUpdate,
            Instant nextUpdate,
            Iterable<RevokedEntry> entries) {
        requireCrlNumber(crlNumber, "the CRL number");
        Instant issued = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
        Instant due = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
        if (!issued.isBefore(due)) {
            throw new IllegalArgumentException("thisUpdate " + thisUpdate + " must be before nextUpdate " + nextUpdate);
        }
        Certificates.requireCa(issuer, true);
        Certificates.requireKeyOf(issuerKey, issuer, "issuer");
        var extensions = new ExtensionsGenerator();
        addExtension(
                extensions, Extension.authorityKeyIdentifier, false, KeyIdentifiers.authorityKeyIdentifier(issuer));
        addExtension(extensions, Extension.cRLNumber, false, new ASN1Integer(crlNumber));
        if (baseCrlNumber != null) {
            addExtension(extensions, Extension.deltaCRLIndicator, true, new ASN1Integer(baseCrlNumber));
        }
        var encoder = new CrlEncoder(entries instanceof Collection<?> known ? known.size() : 0);
        for (RevokedEntry entry : entries) {
            if (entry.reason() == RevocationReason.REMOVE_FROM_CRL && baseCrlNumber == null) {
                throw new IllegalArgumentException("removeFromCRL entries belong in delta CRLs only");
            }
            encoder.add(entry);
        }
        var signer = new SigningKeyContentSigner(issuerKey);
        AlgorithmIdentifier algorithm = signer.getAlgorithmIdentifier();
        byte[] tbs = encoder.tbsCertList(algorithm, Certificates.subjectOf(issuer), issued, due, extensions.generate());
        byte[] signature = sign(signer, tbs);
        requireVerifies(algorithm, issuer, tbs, signature);
        byte[] der = CrlEncoder.certificateList(tbs, algorithm, signature);
        return new SignedCrl(der, crlNumber, baseCrlNumber, issued, due, encoder.count());
    }

    private static byte[] sign(SigningKeyContentSigner signer, byte[] tbs) {
        try (var out = signer.getOutputStream()) {
            out.write(tbs);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory stream failed", e);
        }
        return signer.getSignature();
    }

    /** A CRL that does not verify would make every relying party fail closed: better not to publish it. */
    private static void requireVerifies(
            AlgorithmIdentifier algorithm, X509Certificate issuer, byte[] tbs, byte[] signature) {
        boolean verifies = Signatures.algorithm(algorithm)
                .map(known -> Signatures.verify(known, issuer.getPublicKey(), tbs, signature))
                .orElse(false);
        if (!verifies) {
            throw new IllegalStateException("the issuer key produced a CRL signature that does not verify");
        }
    }

    private static void requireCrlNumber(BigInteger number, String what) {
        // RFC 5280 5.2.3: a non-negative integer of at most 20 octets
        if (number.signum() < 0 || number.bitLength() > Serials.MAX_BITS) {
            throw new IllegalArgumentException(what + " must be non-negative and fit 20 octets: " + number);
        }
    }

    private static void addExtension(
            ExtensionsGenerator extensions, ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            extensions.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode extension " + oid, e);
        }
    }
}
