package dev.palisade.attestation.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code TPMT_SIGNATURE} (as {@code tpm2_quote -s} writes it) of one of the schemes an attestation key
 * signs with: RSASSA-PKCS1-v1_5, RSASSA-PSS or ECDSA.
 *
 * @param scheme the TPM_ALG_ID of the scheme
 * @param signature the RSA signature, or ECDSA's r
 * @param s ECDSA's s, empty for RSA
 */
public record TpmSignature(int scheme, TpmHash hash, byte[] signature, byte[] s) {

    public static TpmSignature parse(byte[] data) throws MalformedTpmStructure {
        var in = new TpmReader(data, "TPMT_SIGNATURE");
        int scheme = in.u16();
        TpmSignature parsed = switch (scheme) {
            case TpmAlgorithms.RSASSA, TpmAlgorithms.RSAPSS -> {
                TpmHash hash = TpmHash.require(in.u16(), "signature hash");
                yield new TpmSignature(scheme, hash, in.sized("signature", 512), new byte[0]);
            }
            case TpmAlgorithms.ECDSA -> {
                TpmHash hash = TpmHash.require(in.u16(), "signature hash");
                byte[] r = in.sized("r", 66);
                yield new TpmSignature(scheme, hash, r, in.sized("s", 66));
            }
            default ->
                throw new MalformedTpmStructure("TPMT_SIGNATURE: unsupported scheme 0x" + Integer.toHexString(scheme));
        };
        in.end();
        return parsed;
    }

    /**
     * Whether this is {@code key}'s signature of {@code message}. A TPM signs RSASSA-PSS with a salt as long as the
     * digest (TPM 2.0 Part 1, annex B.7) or, in older firmware, the longest the key allows: both are accepted.
     *
     * @param provider a faster JCA provider to verify with, or null for the JDK's
     */
    public boolean verifies(TpmPublic key, byte[] message, java.security.@Nullable Provider provider) {
        if (key.isRsa() == (scheme == TpmAlgorithms.ECDSA)) {
            return false;
        }
        PublicKey publicKey = key.publicKey();
        try {
            return switch (scheme) {
                case TpmAlgorithms.RSASSA ->
                    verify(signature(hash.signatureName() + "withRSA", provider), publicKey, message, signature);
                case TpmAlgorithms.RSAPSS ->
                    pss(publicKey, message, hash.size(), provider)
                            || pss(publicKey, message, key.rsaBits() / 8 - hash.size() - 2, provider);
                default -> verify(signature(hash.signatureName() + "withECDSA", provider), publicKey, message, der());
            };
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean pss(PublicKey key, byte[] message, int saltLength, java.security.@Nullable Provider provider)
            throws GeneralSecurityException {
        Signature verifier = Signature.getInstance("RSASSA-PSS");
        String digest = hash.signatureName().replace("SHA", "SHA-");
        verifier.setParameter(new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), saltLength, 1));
        return verify(verifier, key, message, signature);
    }

    private static Signature signature(String algorithm, java.security.@Nullable Provider provider)
            throws GeneralSecurityException {
        if (provider != null) {
            try {
                return Signature.getInstance(algorithm, provider);
            } catch (GeneralSecurityException notThere) {
                // the JDK's provider serves
            }
        }
        return Signature.getInstance(algorithm);
    }

    private static boolean verify(Signature verifier, PublicKey key, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private byte[] der() throws GeneralSecurityException {
        try {
            var sequence = new ASN1EncodableVector();
            sequence.add(new ASN1Integer(new BigInteger(1, signature)));
            sequence.add(new ASN1Integer(new BigInteger(1, s)));
            return new DERSequence(sequence).getEncoded();
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
