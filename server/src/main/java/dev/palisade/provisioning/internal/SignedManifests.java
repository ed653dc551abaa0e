package dev.palisade.provisioning.internal;

import dev.palisade.shared.problem.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collection;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Opens a manufacturer's signed manifest: CMS SignedData (RFC 5652) with the manifest inside (what {@code openssl cms
 * -sign -nodetach} produces), in PEM or base64 DER. Every signer must verify with the manufacturer's registered key,
 * which covers both the signature and, through the signed attributes' message digest, the content: a changed byte
 * anywhere fails.
 */
public final class SignedManifests {

    public static final String MALFORMED = "provisioning.manifest.malformed";
    public static final String BAD_SIGNATURE = "provisioning.manifest.bad-signature";
    private static final String FIELD = "signedManifest";

    private SignedManifests() {}

    /** The manifest's bytes, once its signature verified with {@code key}. */
    public static byte[] open(String text, PublicKey key) {
        CMSSignedData signed = parse(text);
        CMSProcessable content = signed.getSignedContent();
        if (content == null || !(content.getContent() instanceof byte[] bytes)) {
            throw new InvalidInputException(
                    MALFORMED, FIELD, "the CMS structure carries no manifest: sign with -nodetach");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            throw new InvalidInputException(BAD_SIGNATURE, FIELD, "the manifest has no signature");
        }
        for (SignerInformation signer : signers) {
            if (!verifies(signer, key)) {
                throw new InvalidInputException(
                        BAD_SIGNATURE,
                        FIELD,
                        "the manifest's signature does not verify with the manufacturer's key:"
                                + " it was changed, or signed by another key");
            }
        }
        return bytes;
    }

    private static boolean verifies(SignerInformation signer, PublicKey key) {
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(key));
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            // a digest mismatch, a key of another algorithm, a malformed signature: all mean "not signed by this key"
            return false;
        }
    }

    private static CMSSignedData parse(String text) {
        try {
            String trimmed = text.strip();
            if (trimmed.startsWith("-----BEGIN")) {
                try (var pem = new PEMParser(new StringReader(trimmed))) {
                    if (pem.readObject() instanceof ContentInfo info) {
                        return new CMSSignedData(info);
                    }
                }
                throw new InvalidInputException(MALFORMED, FIELD, "expected a PEM CMS (or PKCS7) block");
            }
            return new CMSSignedData(Base64.getMimeDecoder().decode(trimmed.getBytes(StandardCharsets.US_ASCII)));
        } catch (CMSException | IOException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidInputException(MALFORMED, FIELD, "not a CMS SignedData structure in PEM or base64 DER");
        }
    }
}
