package dev.palisade.pki.x509;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.x509.CsrInspection.Accepted;
import dev.palisade.pki.x509.CsrInspection.Refused;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Checks PKCS#10 certification requests (RFC 2986) from devices before anything is issued or stored. The checks run
 * from cheapest to dearest: size, structure (strict DER, or one PEM block of it), key type, signature algorithm, then
 * proof of possession (the request's signature verifies with the key it carries), and only then the subject's common
 * name, which must be a single valid {@link DeviceId}. Every input, however broken, yields a result; nothing throws.
 * Thread-safe.
 */
public final class CsrInspector {

    private static final Set<String> PEM_LABELS = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    private static final int SHOWN_NAME_LENGTH = 64;

    private final CsrPolicy policy;

    /** An inspector that applies {@code policy}; see {@link CsrPolicy#defaults()}. */
    public CsrInspector(CsrPolicy policy) {
        this.policy = policy;
    }

    /** Inspects a request given as DER or as a PEM {@code CERTIFICATE REQUEST} block. */
    public CsrInspection inspect(byte[] derOrPem) {
        try {
            return inspectUnguarded(derOrPem);
        } catch (RuntimeException unforeseen) {
            // The parser found a shape the checks above did not anticipate; that is still a malformed request.
            return new Refused(CsrProblem.MALFORMED, "the request cannot be parsed");
        }
    }

    private CsrInspection inspectUnguarded(byte[] input) {
        if (input.length > policy.maxBytes()) {
            return new Refused(
                    CsrProblem.TOO_LARGE, "the request has " + input.length + " bytes; at most " + policy.maxBytes());
        }
        byte[] der;
        if (Pem.looksLikePem(input)) {
            Optional<byte[]> decoded = Pem.decode(input, PEM_LABELS);
            if (decoded.isEmpty()) {
                return new Refused(CsrProblem.MALFORMED, "not a single PEM CERTIFICATE REQUEST block");
            }
            der = decoded.get();
        } else {
            der = input;
        }
        Optional<ASN1Primitive> parsed = Der.parseStrict(der);
        if (parsed.isEmpty()) {
            return new Refused(
                    CsrProblem.MALFORMED, "not a DER-encoded PKCS#10 request (truncated, BER or trailing bytes)");
        }
        CertificationRequest request = CertificationRequest.getInstance(parsed.get());
        CertificationRequestInfo info = request.getCertificationRequestInfo();
        if (!BigInteger.ZERO.equals(info.getVersion().getValue())) {
            return new Refused(CsrProblem.MALFORMED, "only version 1 (0) PKCS#10 requests exist");
        }
        return checkKey(request, info, der);
    }

    private CsrInspection checkKey(CertificationRequest request, CertificationRequestInfo info, byte[] der) {
        SubjectPublicKeyInfo spki = info.getSubjectPublicKeyInfo();
        Optional<KeyType> keyType = KeyType.of(spki);
        if (keyType.isEmpty() || !policy.allows(keyType.get())) {
            return new Refused(
                    CsrProblem.UNSUPPORTED_KEY,
                    "the key must be one of " + policy.allowedKeyTypes() + " (EC P-256/P-384, RSA 3072/4096 bits)");
        }
        Optional<PublicKey> publicKey = PublicKeys.decode(spki);
        if (publicKey.isEmpty()) {
            return new Refused(CsrProblem.MALFORMED, "the public key does not decode");
        }
        Optional<Signatures.Algorithm> algorithm = Signatures.algorithm(request.getSignatureAlgorithm());
        Signatures.Family family = keyType.get().isEllipticCurve() ? Signatures.Family.ECDSA : Signatures.Family.RSA;
        if (algorithm.isEmpty() || algorithm.get().family() != family) {
            return new Refused(
                    CsrProblem.UNSUPPORTED_SIGNATURE_ALGORITHM,
                    "sign with ECDSA (EC keys) or PKCS#1 v1.5 RSA (RSA keys) over SHA-256, SHA-384 or SHA-512");
        }
        byte[] signedBytes;
        try {
            signedBytes = info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            return new Refused(CsrProblem.MALFORMED, "the request cannot be re-encoded");
        }
        byte[] signature = request.getSignature().getOctets();
        if (!Signatures.verify(algorithm.get(), publicKey.get(), signedBytes, signature)) {
            return new Refused(
                    CsrProblem.PROOF_OF_POSSESSION_FAILED, "the request's signature does not verify with its key");
        }
        return checkIdentity(info, der, publicKey.get(), keyType.get(), spki);
    }

    private static CsrInspection checkIdentity(
            CertificationRequestInfo info,
            byte[] der,
            PublicKey publicKey,
            KeyType keyType,
            SubjectPublicKeyInfo spki) {
        List<AttributeTypeAndValue> commonNames = new ArrayList<>();
        for (RDN rdn : info.getSubject().getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(attribute.getType())) {
                    commonNames.add(attribute);
                }
            }
        }
        if (commonNames.isEmpty()) {
            return new Refused(CsrProblem.MISSING_COMMON_NAME, "the subject must have a common name: the device id");
        }
        if (commonNames.size() > 1) {
            return new Refused(CsrProblem.INVALID_IDENTITY, "the subject must have exactly one common name");
        }
        if (!(commonNames.getFirst().getValue() instanceof ASN1String text)) {
            return new Refused(CsrProblem.INVALID_IDENTITY, "the common name is not a string");
        }
        String name = text.getString();
        if (!DeviceId.isValid(name)) {
            return new Refused(
                    CsrProblem.INVALID_IDENTITY,
                    "the common name '" + shown(name) + "' is not a device id: 1 to 128 letters, digits or . _ -,"
                            + " starting with a letter or digit");
        }
        return new Accepted(new InspectedCsr(der, publicKey, keyType, new DeviceId(name), PublicKeys.spkiSha256(spki)));
    }

    /** The name as it may appear in a message: printable ASCII only, shortened. */
    private static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(SHOWN_NAME_LENGTH).forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return name.length() > SHOWN_NAME_LENGTH ? shown + "..." : shown.toString();
    }
}
