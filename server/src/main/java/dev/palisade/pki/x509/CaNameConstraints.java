package dev.palisade.pki.x509;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.jspecify.annotations.Nullable;

/**
 * A CA's name constraints applied to a certificate it signed, as path validation applies them (RFC 5280 6.1.3 (b) and
 * (c)): the subject's distinguished name and the e-mail addresses in it, and every subject alternative name, must lie
 * in a permitted subtree of their type, where the CA permits any, and in no excluded one. Types the CA does not
 * constrain stay open. The JDK's path validation applies constraints only from certificates in the path, never from a
 * trust anchor; {@link IssuingAnchors} needs them from the anchor.
 */
final class CaNameConstraints {

    private static final CaNameConstraints NONE = new CaNameConstraints(null, null);

    private final GeneralSubtree @Nullable [] permitted;
    private final GeneralSubtree @Nullable [] excluded;

    private CaNameConstraints(GeneralSubtree @Nullable [] permitted, GeneralSubtree @Nullable [] excluded) {
        this.permitted = permitted;
        this.excluded = excluded;
    }

    /** The name constraints of {@code ca}, none when it has no such extension. */
    static CaNameConstraints of(X509Certificate ca) {
        byte[] extension = ca.getExtensionValue(Extension.nameConstraints.getId());
        if (extension == null) {
            return NONE;
        }
        NameConstraints constraints = NameConstraints.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
        return new CaNameConstraints(constraints.getPermittedSubtrees(), constraints.getExcludedSubtrees());
    }

    /** @throws CertificateException when a name of {@code certificate} lies outside the constraints */
    void check(X509Certificate certificate) throws CertificateException {
        if (permitted == null && excluded == null) {
            return;
        }
        var validator = new PKIXNameConstraintValidator();
        if (permitted != null) {
            validator.intersectPermittedSubtree(permitted);
        }
        if (excluded != null) {
            for (GeneralSubtree subtree : excluded) {
                validator.addExcludedSubtree(subtree);
            }
        }
        try {
            X500Name subject =
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            if (subject.getRDNs().length > 0) {
                validator.checkPermittedDN(subject);
                validator.checkExcludedDN(subject);
            }
            for (RDN rdn : subject.getRDNs(BCStyle.EmailAddress)) {
                for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                    if (value.getValue() instanceof ASN1String email) {
                        check(validator, new GeneralName(GeneralName.rfc822Name, email.getString()));
                    }
                }
            }
            byte[] alternativeNames = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
            if (alternativeNames != null) {
                for (GeneralName name : GeneralNames.getInstance(
                                ASN1OctetString.getInstance(alternativeNames).getOctets())
                        .getNames()) {
                    check(validator, name);
                }
            }
        } catch (NameConstraintValidatorException | IllegalArgumentException e) {
            throw new CertificateException("outside its CA's name constraints: " + e.getMessage(), e);
        }
    }

    private static void check(PKIXNameConstraintValidator validator, GeneralName name)
            throws NameConstraintValidatorException {
        validator.checkPermitted(name);
        validator.checkExcluded(name);
    }
}
