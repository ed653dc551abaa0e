package dev.palisade.deviceapi.est;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.jspecify.annotations.Nullable;

/** The message formats of EST: base64 bodies, certs-only PKCS#7 responses, the CSR attributes. */
final class EstMessages {

    static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";
    static final String CSR_ATTRIBUTES = "application/csrattrs";

    private EstMessages() {}

    /** A degenerate CMS SignedData carrying {@code certificates}, base64 with line breaks as EST sends it. */
    static String certsOnly(List<X509Certificate> certificates) {
        try {
            var generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            byte[] der = generator.generate(new CMSAbsentContent(), false).getEncoded();
            return Base64.getMimeEncoder().encodeToString(der) + "\r\n";
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("cannot encode certificates", e);
        }
    }

    /**
     * What Palisade expects in a request: an EC P-256 key (the default issuing key type) and an ECDSA-with-SHA256
     * signature (RFC 7030 section 4.5).
     */
    static String csrAttributes() {
        var attributes = new ASN1Encodable[] {
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            new Attribute(X9ObjectIdentifiers.id_ecPublicKey, new DERSet(SECObjectIdentifiers.secp256r1))
        };
        try {
            return Base64.getMimeEncoder().encodeToString(new DERSequence(attributes).getEncoded()) + "\r\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the CSR attributes", e);
        }
    }

    /**
     * The DER of a request body: base64 as RFC 7030 prescribes (line breaks allowed), or raw DER from lenient clients.
     * Null when it is neither.
     */
    static byte @Nullable [] requestDer(byte[] body) {
        if (body.length > 0 && body[0] == 0x30) {
            return body;
        }
        byte[] compact = new byte[body.length];
        int length = 0;
        for (byte b : body) {
            if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                compact[length++] = b;
            }
        }
        try {
            return Base64.getDecoder().decode(new String(compact, 0, length, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
