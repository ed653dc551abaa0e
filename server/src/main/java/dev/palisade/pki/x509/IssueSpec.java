package dev.palisade.pki.x509;

import dev.palisade.identity.DeviceId;
import dev.palisade.keys.SigningKey;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link CertificateIssuer#issue} needs to sign one end-entity certificate. The constructor checks the
 * combination, so an instance can always be issued.
 *
 * @param profile what the certificate is for
 * @param tenant the tenant whose issuing CA signs; the subject is {@code O=Palisade, OU=<tenant>, CN=<subjectName>}
 * @param subjectName the device id (DEVICE, BOOTSTRAP) or a common name (SERVER, OCSP_SIGNER)
 * @param dnsNames DNS names of a SERVER certificate (lower-case LDH, no wildcards); empty for other profiles
 * @param ipAddresses IP addresses of a SERVER certificate; empty for other profiles
 * @param subjectPublicKey the key to certify: EC P-256/P-384 or RSA 3072/4096 (an OCSP signer may also use Ed25519)
 * @param serial positive, at most 20 octets; use {@link Serials#random()}
 * @param notBefore start of validity (whole seconds are used)
 * @param notAfter end of validity, after {@code notBefore} and no later than the issuer's own
 * @param issuerCertificate the tenant's issuing CA certificate
 * @param issuerKey the issuing CA's key in custody
 * @param crlDistributionPoint where the issuer's CRL is published (http or https), or null for none
 * @param ocspResponder the issuer's OCSP responder (http or https), written to the AIA extension, or null for none
 */
public record IssueSpec(
        CertificateProfile profile,
        TenantId tenant,
        String subjectName,
        List<String> dnsNames,
        List<InetAddress> ipAddresses,
        PublicKey subjectPublicKey,
        BigInteger serial,
        Instant notBefore,
        Instant notAfter,
        X509Certificate issuerCertificate,
        SigningKey issuerKey,
        @Nullable URI crlDistributionPoint,
        @Nullable URI ocspResponder) {

    private static final Pattern DNS_NAME =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final int MAX_SERVER_NAMES = 100;

    public IssueSpec {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        requireSubject(profile, subjectName, dnsNames, ipAddresses);
        requireKey(profile, subjectPublicKey);
        Serials.requireValid(serial, "a certificate serial");
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore " + notBefore + " must be before notAfter " + notAfter);
        }
        IssuerFacts issuer = IssuerFacts.of(issuerCertificate);
        if (notAfter.isAfter(issuer.notAfter())) {
            throw new IllegalArgumentException("the certificate would outlive its issuer (" + notAfter + " > "
                    + issuer.notAfter() + "); end it no later than the issuer");
        }
        issuer.requireIssuer();
        if (!issuer.tenant().filter(tenant::equals).isPresent()) {
            throw new IllegalArgumentException("the issuer is not the issuing CA of tenant " + tenant);
        }
        issuer.requireKey(issuerKey);
        requireHttp(crlDistributionPoint, "CRL distribution point");
        requireHttp(ocspResponder, "OCSP responder");
    }

    private static void requireSubject(
            CertificateProfile profile, String subjectName, List<String> dnsNames, List<InetAddress> ipAddresses) {
        if (profile.namesDevice() && !DeviceId.isValid(subjectName)) {
            throw new IllegalArgumentException("the subject of a " + profile + " certificate is a device id");
        }
        if (!PalisadeNames.isValidCommonName(subjectName)) {
            throw new IllegalArgumentException("not a valid common name: " + subjectName);
        }
        if (profile != CertificateProfile.SERVER) {
            if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
                throw new IllegalArgumentException("only SERVER certificates name DNS names or IP addresses");
            }
            return;
        }
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a SERVER certificate names at least one DNS name or IP address");
        }
        if (dnsNames.size() + ipAddresses.size() > MAX_SERVER_NAMES) {
            throw new IllegalArgumentException("a SERVER certificate names at most " + MAX_SERVER_NAMES + " hosts");
        }
        for (String name : dnsNames) {
            if (!DNS_NAME.matcher(name).matches() || !name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("not a lower-case DNS name (no wildcards): " + name);
            }
        }
    }

    private static void requireKey(CertificateProfile profile, PublicKey key) {
        if (KeyType.of(key).isPresent()) {
            return;
        }
        boolean ed25519Signer = profile == CertificateProfile.OCSP_SIGNER
                && EdECObjectIdentifiers.id_Ed25519.equals(
                        PublicKeys.spki(key).getAlgorithm().getAlgorithm());
        if (!ed25519Signer) {
            throw new IllegalArgumentException("Palisade certifies EC P-256/P-384 and RSA 3072/4096 keys, not "
                    + key.getAlgorithm() + " keys of this kind or size");
        }
    }

    private static void requireHttp(@Nullable URI uri, String what) {
        if (uri == null) {
            return;
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("the " + what + " must be an absolute http(s) URI: " + uri);
        }
    }
}
