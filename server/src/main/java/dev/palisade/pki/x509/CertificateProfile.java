package dev.palisade.pki.x509;

import java.io.IOException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.jspecify.annotations.Nullable;

/**
 * The kinds of end-entity certificate a tenant's issuing CA signs. Each fixes the extensions (see
 * {@link CertificateIssuer}); none is a CA.
 *
 * <table>
 *   <caption>Profiles</caption>
 *   <tr><th>profile</th><th>extended key usage</th><th>subject alternative name</th><th>also</th></tr>
 *   <tr><td>DEVICE</td><td>clientAuth</td><td>spiffe://&lt;tenant&gt;.palisade/device/&lt;id&gt;</td><td></td></tr>
 *   <tr><td>BOOTSTRAP</td><td>clientAuth</td><td>spiffe://&lt;tenant&gt;.palisade/bootstrap/&lt;id&gt;</td>
 *       <td>certificatePolicies: {@link PalisadeOids#ENROLMENT_ONLY_POLICY}</td></tr>
 *   <tr><td>SERVER</td><td>serverAuth</td><td>DNS names, IP addresses</td>
 *       <td>keyEncipherment for RSA keys</td></tr>
 *   <tr><td>OCSP_SIGNER</td><td>OCSPSigning</td><td>none</td><td>id-pkix-ocsp-nocheck</td></tr>
 * </table>
 */
public enum CertificateProfile {
    DEVICE(KeyPurposeId.id_kp_clientAuth),
    BOOTSTRAP(KeyPurposeId.id_kp_clientAuth),
    SERVER(KeyPurposeId.id_kp_serverAuth),
    OCSP_SIGNER(KeyPurposeId.id_kp_OCSPSigning);

    private final String purpose; // the OID, not BouncyCastle's type: enum fields should be immutable

    CertificateProfile(KeyPurposeId purpose) {
        this.purpose = purpose.getId();
    }

    KeyPurposeId purpose() {
        return KeyPurposeId.getInstance(new ASN1ObjectIdentifier(purpose));
    }

    /** Whether certificates of this profile name a device (and so carry a SPIFFE ID). */
    public boolean namesDevice() {
        return this == DEVICE || this == BOOTSTRAP;
    }

    /**
     * The profile a certificate was issued under, read from its extensions: exactly one extended key usage, and for
     * client certificates a device identity whose kind agrees with the presence of the enrolment-only policy. Empty for
     * CA certificates and for anything that fits no profile. Reads extensions only; it does not verify the chain.
     */
    public static Optional<CertificateProfile> of(X509Certificate certificate) {
        if (certificate.getBasicConstraints() >= 0) {
            return Optional.empty();
        }
        @Nullable List<String> purposes;
        try {
            purposes = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (purposes == null || purposes.size() != 1) {
            return Optional.empty();
        }
        String purpose = purposes.getFirst();
        if (purpose.equals(KeyPurposeId.id_kp_OCSPSigning.getId())) {
            return Optional.of(OCSP_SIGNER);
        }
        if (purpose.equals(KeyPurposeId.id_kp_serverAuth.getId())) {
            return Optional.of(SERVER);
        }
        if (!purpose.equals(KeyPurposeId.id_kp_clientAuth.getId())) {
            return Optional.empty();
        }
        boolean enrolmentOnly = hasEnrolmentOnlyPolicy(certificate);
        return DeviceIdentity.of(certificate)
                .filter(identity -> (identity.kind() == IdentityKind.BOOTSTRAP) == enrolmentOnly)
                .map(identity -> identity.kind() == IdentityKind.BOOTSTRAP ? BOOTSTRAP : DEVICE);
    }

    /** Whether the certificate's policies include {@link PalisadeOids#ENROLMENT_ONLY_POLICY}. */
    public static boolean hasEnrolmentOnlyPolicy(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.certificatePolicies.getId());
        if (extension == null) {
            return false;
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(
                    ASN1OctetString.getInstance(extension).getOctets());
            return CertificatePolicies.getInstance(value).getPolicyInformation(PalisadeOids.ENROLMENT_ONLY_POLICY)
                    != null;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }
}
