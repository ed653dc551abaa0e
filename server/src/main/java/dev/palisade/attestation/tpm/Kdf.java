package dev.palisade.attestation.tpm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key derivation functions of TPM 2.0 Part 1, section 11.4.10: KDFa (SP 800-108 counter mode with HMAC) and KDFe
 * (SP 800-56A concatenation). Labels are written with their terminating zero, as the TPM does.
 */
public final class Kdf {

    private Kdf() {}

    /** KDFa(hashAlg, key, label, contextU, contextV, bits). */
    public static byte[] kdfa(TpmHash hash, byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        requireWholeBytes(bits);
        byte[] out = new byte[bits / 8];
        try {
            if (key.length == 0) {
                throw new IllegalArgumentException("KDFa needs a key");
            }
            Mac mac = Mac.getInstance(hash.hmacName());
            mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
            int filled = 0;
            for (int counter = 1; filled < out.length; counter++) {
                mac.update(int32(counter));
                mac.update(label(label));
                mac.update(contextU);
                mac.update(contextV);
                mac.update(int32(bits));
                byte[] block = mac.doFinal();
                int take = Math.min(block.length, out.length - filled);
                System.arraycopy(block, 0, out, filled, take);
                filled += take;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides " + hash.hmacName(), e);
        }
    }

    /** KDFe(hashAlg, Z, label, partyUInfo, partyVInfo, bits). */
    public static byte[] kdfe(TpmHash hash, byte[] z, String label, byte[] partyU, byte[] partyV, int bits) {
        requireWholeBytes(bits);
        byte[] out = new byte[bits / 8];
        int filled = 0;
        for (int counter = 1; filled < out.length; counter++) {
            byte[] block = hash.hash(int32(counter), z, label(label), partyU, partyV);
            int take = Math.min(block.length, out.length - filled);
            System.arraycopy(block, 0, out, filled, take);
            filled += take;
        }
        return out;
    }

    static byte[] label(String label) {
        byte[] text = label.getBytes(StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(text, text.length + 1);
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static void requireWholeBytes(int bits) {
        if (bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("keys are derived in whole bytes");
        }
    }
}
