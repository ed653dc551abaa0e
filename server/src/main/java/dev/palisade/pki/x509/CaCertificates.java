package dev.palisade.pki.x509;

import dev.palisade.keys.SigningKey;
import dev.palisade.pki.x509.PalisadeNames.TenantName;
import dev.palisade.shared.TenantId;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * The CA certificates of the offline-root ceremony ({@code palisade ca sign-intermediate}): the self-signed root, the
 * request a tenant's issuing CA makes of it, and the root's signature on that request. The root key and the server
 * never share a process: the request travels to the ceremony as DER and the certificate travels back.
 *
 * <p>The root may certify one level of CAs (pathLen 1); an issuing CA may certify only end entities (pathLen 0), and
 * only within its tenant: its critical name constraints (RFC 5280 4.2.1.10) permit the directoryName
 * {@code O=Palisade, OU=<tenant uuid>} and URIs with host {@code <tenant uuid>.palisade}. Name types that are not
 * constrained (DNS names, IP addresses) stay open, so a tenant CA can still certify its servers.
 */
public final class CaCertificates {

    /**
     * Whether {@code issuer}'s key signed {@code certificate}, verified through the fast EC provider (with the issuer's
     * key converted once, not per call) where the JDK's certificate method would use its own slower one.
     */
    public static boolean signed(X509Certificate issuer, X509Certificate certificate) {
        try {
            byte[] parameters = certificate.getSigAlgParams();
            return Signatures.algorithm(new AlgorithmIdentifier(
                            new ASN1ObjectIdentifier(certificate.getSigAlgOID()),
                            parameters == null ? null : ASN1Primitive.fromByteArray(parameters)))
                    .map(algorithm -> {
                        try {
                            return Signatures.verify(
                                    algorithm,
                                    issuer.getPublicKey(),
                                    certificate.getTBSCertificate(),
                                    certificate.getSignature());
                        } catch (CertificateEncodingException e) {
                            return false;
                        }
                    })
                    .orElse(false);
        } catch (IllegalArgumentException | IOException unreadable) {
            return false;
        }
    }

    private CaCertificates() {}

    /** A self-signed root {@code O=Palisade, CN=<commonName>}: CA with pathLen 1, keyCertSign and cRLSign, SKI. */
    public static X509Certificate selfSignedRoot(
            String commonName, SigningKey key, BigInteger serial, Instant notBefore, Instant notAfter) {
        Serials.requireValid(serial, "the root serial");
        requireOrder(notBefore, notAfter);
        X500Name subject = PalisadeNames.rootSubject(commonName);
        SubjectPublicKeyInfo spki = PublicKeys.spki(key.publicKey());
        var builder = new X509v3CertificateBuilder(
                subject, serial, Certificates.time(notBefore), Certificates.time(notAfter), subject, spki);
        Certificates.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(1));
        Certificates.addExtension(
                builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        Certificates.addExtension(
                builder, Extension.subjectKeyIdentifier, false, KeyIdentifiers.subjectKeyIdentifier(spki));
        return Certificates.toVerifiedCertificate(builder.build(new SigningKeyContentSigner(key)), key.publicKey());
    }

    /**
     * The PKCS#10 request (DER) of a tenant's issuing CA, subject {@code O=Palisade, OU=<tenant>, CN=<commonName>},
     * signed by its key in custody. It requests no extensions: the root decides them.
     */
    public static byte[] issuingCaRequest(TenantId tenant, String commonName, SigningKey key) {
        var builder = new PKCS10CertificationRequestBuilder(
                PalisadeNames.tenantSubject(tenant, commonName), PublicKeys.spki(key.publicKey()));
        try {
            return builder.build(new SigningKeyContentSigner(key)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the request just built", e);
        }
    }

    /**
     * Signs the issuing-CA request {@code csrDer} with the root: CA with pathLen 0, keyCertSign and cRLSign (critical),
     * the tenant's name constraints (critical), AKI and SKI. The subject is rebuilt from the request's tenant and common
     * name so that it matches the constraints byte for byte.
     *
     * @throws IllegalArgumentException when the request is not DER PKCS#10, its signature does not verify, its subject
     *     is not {@code O=Palisade, OU=<tenant uuid>, CN=<name>}, or the validity does not fit the root's
     */
    public static X509Certificate signIssuingCa(
            byte[] csrDer,
            X509Certificate root,
            SigningKey rootKey,
            BigInteger serial,
            Instant notBefore,
            Instant notAfter) {
        Serials.requireValid(serial, "the issuing CA serial");
        requireOrder(notBefore, notAfter);
        Certificates.requireCa(root, false);
        Certificates.requireKeyOf(rootKey, root, "root");
        if (notAfter.isAfter(root.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("the issuing CA would outlive the root (" + notAfter + " > "
                    + root.getNotAfter().toInstant() + ")");
        }
        CertificationRequestInfo info = verifiedRequest(csrDer);
        TenantName name = PalisadeNames.parseTenantSubject(info.getSubject())
                .orElseThrow(() -> new IllegalArgumentException(
                        "the request's subject must be O=Palisade, OU=<tenant uuid>, CN=<name>: " + info.getSubject()));
        SubjectPublicKeyInfo spki = info.getSubjectPublicKeyInfo();
        var builder = new X509v3CertificateBuilder(
                Certificates.subjectOf(root),
                serial,
                Certificates.time(notBefore),
                Certificates.time(notAfter),
                PalisadeNames.tenantSubject(name.tenant(), name.commonName()),
                spki);
        Certificates.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        Certificates.addExtension(
                builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        Certificates.addExtension(builder, Extension.nameConstraints, true, tenantConstraints(name.tenant()));
        Certificates.addExtension(
                builder, Extension.authorityKeyIdentifier, false, KeyIdentifiers.authorityKeyIdentifier(root));
        Certificates.addExtension(
                builder, Extension.subjectKeyIdentifier, false, KeyIdentifiers.subjectKeyIdentifier(spki));
        return Certificates.toVerifiedCertificate(
                builder.build(new SigningKeyContentSigner(rootKey)), root.getPublicKey());
    }

    /** Permitted: the tenant's directory subtree and URIs on its trust domain; nothing excluded. */
    static NameConstraints tenantConstraints(TenantId tenant) {
        GeneralSubtree[] permitted = {
            new GeneralSubtree(new GeneralName(PalisadeNames.tenantSubtree(tenant))),
            new GeneralSubtree(
                    new GeneralName(GeneralName.uniformResourceIdentifier, PalisadeNames.trustDomain(tenant)))
        };
        return new NameConstraints(permitted, null);
    }

    private static CertificationRequestInfo verifiedRequest(byte[] csrDer) {
        var parsed = Der.parseStrict(csrDer)
                .orElseThrow(() -> new IllegalArgumentException("not a DER-encoded PKCS#10 request"));
        CertificationRequest request;
        CertificationRequestInfo info;
        try {
            request = CertificationRequest.getInstance(parsed);
            info = request.getCertificationRequestInfo();
        } catch (RuntimeException notARequest) {
            throw new IllegalArgumentException("not a PKCS#10 request: " + notARequest.getMessage(), notARequest);
        }
        PublicKey key = PublicKeys.decode(info.getSubjectPublicKeyInfo())
                .orElseThrow(() -> new IllegalArgumentException("the request's key is not EC, RSA or Ed25519"));
        var algorithm = Signatures.algorithm(request.getSignatureAlgorithm())
                .orElseThrow(() -> new IllegalArgumentException("the request's signature algorithm is not supported"));
        byte[] signed;
        try {
            signed = info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request cannot be re-encoded", e);
        }
        if (!Signatures.verify(algorithm, key, signed, request.getSignature().getOctets())) {
            throw new IllegalArgumentException("the request's signature does not verify with its key");
        }
        return info;
    }

    private static void requireOrder(Instant notBefore, Instant notAfter) {
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore " + notBefore + " must be before notAfter " + notAfter);
        }
    }
}
