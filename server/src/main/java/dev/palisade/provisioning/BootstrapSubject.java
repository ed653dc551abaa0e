package dev.palisade.provisioning;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The device as its bootstrap certificate names it, which is what an owner's claim names too: the subject's
 * serialNumber attribute (X.520, 2.5.4.5), which manufacturers use for the serial printed on the label, or else its
 * common name. A name of more than one such attribute names no device.
 */
final class BootstrapSubject {

    private BootstrapSubject() {}

    static Optional<String> serialOf(X509Certificate bootstrap) {
        X500Name subject =
                X500Name.getInstance(bootstrap.getSubjectX500Principal().getEncoded());
        return single(subject, BCStyle.SERIALNUMBER).or(() -> single(subject, BCStyle.CN));
    }

    private static Optional<String> single(X500Name subject, ASN1ObjectIdentifier type) {
        RDN[] rdns = subject.getRDNs(type);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return Optional.empty();
        }
        AttributeTypeAndValue value = rdns[0].getFirst();
        if (value == null || !(value.getValue() instanceof ASN1String string)) {
            return Optional.empty();
        }
        String text = string.getString();
        return DeviceClaims.isSerial(text) ? Optional.of(text) : Optional.empty();
    }
}
