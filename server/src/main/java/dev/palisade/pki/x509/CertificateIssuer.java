package dev.palisade.pki.x509;

import dev.palisade.identity.DeviceId;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Signs end-entity certificates for a tenant's issuing CA, with the extensions of their {@link CertificateProfile}:
 *
 * <ul>
 *   <li>basicConstraints CA:false, critical;
 *   <li>keyUsage, critical: digitalSignature, plus keyEncipherment for RSA keys of SERVER certificates (TLS 1.2 RSA key
 *       transport encrypts to the server's key; clients and signers only ever sign);
 *   <li>extendedKeyUsage: the profile's one purpose;
 *   <li>subjectAltName: the SPIFFE ID (DEVICE, BOOTSTRAP) or the DNS names and IP addresses (SERVER);
 *   <li>certificatePolicies with {@link PalisadeOids#ENROLMENT_ONLY_POLICY} (BOOTSTRAP); id-pkix-ocsp-nocheck
 *       (OCSP_SIGNER: a responder's own status is not asked of itself, RFC 6960 4.2.2.2.1);
 *   <li>authority and subject key identifiers; CRL distribution point and OCSP access when given.
 * </ul>
 */
public final class CertificateIssuer {

    private CertificateIssuer() {}

    /** Builds and signs the certificate {@code spec} describes; the issuer key signs through custody. */
    public static X509Certificate issue(IssueSpec spec) {
        SubjectPublicKeyInfo spki = PublicKeys.spki(spec.subjectPublicKey());
        IssuerFacts issuer = IssuerFacts.of(spec.issuerCertificate());
        var builder = new X509v3CertificateBuilder(
                issuer.subject(),
                spec.serial(),
                Certificates.time(spec.notBefore()),
                Certificates.time(spec.notAfter()),
                PalisadeNames.tenantSubject(spec.tenant(), spec.subjectName()),
                spki);
        CertificateProfile profile = spec.profile();
        Certificates.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        Certificates.addExtension(builder, Extension.keyUsage, true, keyUsage(profile, spki));
        Certificates.addExtension(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.purpose()));
        subjectAlternativeName(spec)
                .forEach(names -> Certificates.addExtension(builder, Extension.subjectAlternativeName, false, names));
        if (profile == CertificateProfile.BOOTSTRAP) {
            Certificates.addExtension(
                    builder,
                    Extension.certificatePolicies,
                    false,
                    new CertificatePolicies(new PolicyInformation(PalisadeOids.ENROLMENT_ONLY_POLICY)));
        }
        if (profile == CertificateProfile.OCSP_SIGNER) {
            Certificates.addExtension(builder, OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
        }
        Certificates.addExtension(builder, Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdentifier());
        Certificates.addExtension(
                builder, Extension.subjectKeyIdentifier, false, KeyIdentifiers.subjectKeyIdentifier(spki));
        URI crl = spec.crlDistributionPoint();
        if (crl != null) {
            var point =
                    new DistributionPoint(new DistributionPointName(new GeneralNames(uri(crl.toString()))), null, null);
            Certificates.addExtension(
                    builder, Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {point}));
            String full = crl.toString();
            if (full.endsWith(".crl")) {
                // RFC 5280 4.2.1.15: where the delta CRLs are, beside the full one, so that relying parties that
                // combine the two find them without knowing Palisade's naming
                String delta = full.substring(0, full.length() - ".crl".length()) + "-delta.crl";
                var freshest =
                        new DistributionPoint(new DistributionPointName(new GeneralNames(uri(delta))), null, null);
                Certificates.addExtension(
                        builder, Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {freshest}));
            }
        }
        URI ocsp = spec.ocspResponder();
        if (ocsp != null) {
            Certificates.addExtension(
                    builder,
                    Extension.authorityInfoAccess,
                    false,
                    new AuthorityInformationAccess(
                            new AccessDescription(AccessDescription.id_ad_ocsp, uri(ocsp.toString()))));
        }
        var signer = new SigningKeyContentSigner(spec.issuerKey());
        var holder = builder.build(signer);
        // device certificates are issued by the thousand and only stored and sent: not read back unless asked; the
        // rest, which the TLS stacks and path builders use, are the JDK's own objects
        PublicKey issuerKey = spec.issuerCertificate().getPublicKey();
        return spec.profile() == CertificateProfile.DEVICE
                ? Certificates.toBuiltCertificate(holder, signer.lastSigned(), issuerKey, spec)
                : Certificates.toVerifiedCertificate(holder, signer.lastSigned(), issuerKey);
    }

    private static KeyUsage keyUsage(CertificateProfile profile, SubjectPublicKeyInfo spki) {
        boolean rsa =
                PKCSObjectIdentifiers.rsaEncryption.equals(spki.getAlgorithm().getAlgorithm());
        return profile == CertificateProfile.SERVER && rsa
                ? new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)
                : new KeyUsage(KeyUsage.digitalSignature);
    }

    private static List<GeneralNames> subjectAlternativeName(IssueSpec spec) {
        List<GeneralName> names = new ArrayList<>();
        switch (spec.profile()) {
            case DEVICE, BOOTSTRAP -> {
                IdentityKind kind =
                        spec.profile() == CertificateProfile.DEVICE ? IdentityKind.DEVICE : IdentityKind.BOOTSTRAP;
                names.add(uri(new DeviceIdentity(spec.tenant(), new DeviceId(spec.subjectName()), kind).spiffeId()));
            }
            case SERVER -> {
                spec.dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
                spec.ipAddresses()
                        .forEach(address -> names.add(
                                new GeneralName(GeneralName.iPAddress, new DEROctetString(address.getAddress()))));
            }
            case OCSP_SIGNER -> {
                // a signer is found by its key hash and its issuer, never by a name
            }
        }
        return names.isEmpty() ? List.of() : List.of(new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    private static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }
}
