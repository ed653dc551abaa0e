package dev.palisade.pki.x509;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Object identifiers Palisade defines. They live under an arc of the ITU-T X.667 UUID arc {@code 2.25}, which anyone
 * may use without registration by turning a random UUID into its decimal value: here
 * {@code 5ff33f68-480c-49f3-899f-79c467beb35a}. The values never change: certificates in the field carry them.
 */
public final class PalisadeOids {

    /** Palisade's arc: {@code 2.25.127539673790022679620523458422791648090}. */
    public static final ASN1ObjectIdentifier ARC =
            new ASN1ObjectIdentifier("2.25.127539673790022679620523458422791648090");

    /** Certificate policies: {@code ARC.1}. */
    public static final ASN1ObjectIdentifier POLICIES = ARC.branch("1");

    /**
     * The certificate policy of bootstrap certificates, {@code ARC.1.1}, "may only enrol": the holder may present the
     * certificate to Palisade's EST server to obtain an operational device certificate, and for nothing else. The
     * broker refuses connections authenticated by a certificate that carries it.
     */
    public static final ASN1ObjectIdentifier ENROLMENT_ONLY_POLICY = POLICIES.branch("1");

    private PalisadeOids() {}
}
