package dev.palisade.attestation.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's half of credential activation (TPM 2.0 Part 1, section 24; Part 3, TPM2_MakeCredential), done in
 * software: a credential that only the TPM holding the endorsement key can recover, and only for a loaded key with the
 * given name. The device proves with the recovered credential that its attestation key lives in that TPM.
 */
public final class CredentialMaker {

    private CredentialMaker() {}

    /**
     * Protects {@code credential} for the object named {@code objectName} under {@code endorsementKey}.
     *
     * @throws IllegalArgumentException if the key cannot receive credentials or the credential is longer than its name
     *     hash
     */
    public static MadeCredential make(
            TpmPublic endorsementKey, byte[] objectName, byte[] credential, SecureRandom random) {
        if (!endorsementKey.isStorageKey()) {
            throw new IllegalArgumentException("the endorsement key is not a restricted AES-CFB decryption key");
        }
        TpmHash hash = endorsementKey.nameAlg();
        if (credential.length == 0 || credential.length > hash.size()) {
            throw new IllegalArgumentException("a credential is 1 to " + hash.size() + " bytes");
        }
        try {
            byte[] seed;
            byte[] encryptedSecret;
            if (endorsementKey.isRsa()) {
                seed = new byte[hash.size()];
                random.nextBytes(seed);
                encryptedSecret = oaep(endorsementKey, hash, seed);
            } else {
                KeyPair ephemeral = ephemeral(endorsementKey, random);
                KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
                agreement.init(ephemeral.getPrivate());
                agreement.doPhase(endorsementKey.publicKey(), true);
                byte[] z = agreement.generateSecret();
                var point = ((ECPublicKey) ephemeral.getPublic()).getW();
                byte[] x = fixed(point.getAffineX(), endorsementKey.curveBytes());
                byte[] y = fixed(point.getAffineY(), endorsementKey.curveBytes());
                seed = Kdf.kdfe(hash, z, "IDENTITY", x, endorsementKey.unique(), hash.size() * 8);
                encryptedSecret = new TpmWriter().sized(x).sized(y).toByteArray();
            }
            byte[] symmetricKey =
                    Kdf.kdfa(hash, seed, "STORAGE", objectName, new byte[0], endorsementKey.symmetricBits());
            Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding");
            cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(symmetricKey, "AES"), new IvParameterSpec(new byte[16]));
            byte[] encIdentity = cfb.doFinal(new TpmWriter().sized(credential).toByteArray());
            byte[] hmacKey = Kdf.kdfa(hash, seed, "INTEGRITY", new byte[0], new byte[0], hash.size() * 8);
            Mac mac = Mac.getInstance(hash.hmacName());
            mac.init(new SecretKeySpec(hmacKey, mac.getAlgorithm()));
            mac.update(encIdentity);
            mac.update(objectName);
            byte[] outerHmac = mac.doFinal();
            byte[] idObject = new TpmWriter()
                    .sized(new TpmWriter().sized(outerHmac).bytes(encIdentity).toByteArray())
                    .toByteArray();
            return new MadeCredential(
                    idObject, new TpmWriter().sized(encryptedSecret).toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a credential: " + e.getMessage(), e);
        }
    }

    /** RSA-OAEP with the key's name hash for both digest and MGF1, and the label "IDENTITY" with its zero. */
    private static byte[] oaep(TpmPublic key, TpmHash hash, byte[] seed) throws GeneralSecurityException {
        String digest = hash.signatureName().replace("SHA", "SHA-");
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                key.publicKey(),
                new OAEPParameterSpec(
                        digest, "MGF1", new MGF1ParameterSpec(digest), new PSource.PSpecified(Kdf.label("IDENTITY"))));
        return cipher.doFinal(seed);
    }

    private static KeyPair ephemeral(TpmPublic key, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(key.curveBytes() == 32 ? "secp256r1" : "secp384r1"), random);
        return generator.generateKeyPair();
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
