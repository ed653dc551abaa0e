package dev.palisade.attestation.tpm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TPM2_ActivateCredential in software, for an RSA endorsement key whose private key the test holds: the inverse of
 * MakeCredential, written from Part 1 section 24 independently of {@link CredentialMaker}'s structure.
 */
final class SoftwareActivation {

    private SoftwareActivation() {}

    static byte[] activate(PrivateKey endorsementKey, byte[] tpm2ToolsBlob, byte[] objectName) throws Exception {
        var in = new TpmReader(tpm2ToolsBlob, "blob");
        if (in.u32() != 0xBADCC0DEL || in.u32() != 1) {
            throw new IllegalArgumentException("not a tpm2-tools credential blob");
        }
        var idObject = new TpmReader(in.sized("idObject", 1024), "TPM2B_ID_OBJECT");
        byte[] outerHmac = idObject.sized("hmac", 64);
        byte[] encIdentity = idObject.bytes(idObject.remaining());
        byte[] encryptedSeed = in.sized("secret", 1024);
        in.end();

        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(
                Cipher.DECRYPT_MODE,
                endorsementKey,
                new OAEPParameterSpec(
                        "SHA-256",
                        "MGF1",
                        MGF1ParameterSpec.SHA256,
                        new PSource.PSpecified("IDENTITY\0".getBytes(StandardCharsets.US_ASCII))));
        byte[] seed = oaep.doFinal(encryptedSeed);
        byte[] hmacKey = Kdf.kdfa(TpmHash.SHA256, seed, "INTEGRITY", new byte[0], new byte[0], 256);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
        mac.update(encIdentity);
        mac.update(objectName);
        if (!MessageDigest.isEqual(mac.doFinal(), outerHmac)) {
            throw new IllegalArgumentException("integrity check failed");
        }
        byte[] symmetricKey = Kdf.kdfa(TpmHash.SHA256, seed, "STORAGE", objectName, new byte[0], 128);
        Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding");
        cfb.init(Cipher.DECRYPT_MODE, new SecretKeySpec(symmetricKey, "AES"), new IvParameterSpec(new byte[16]));
        var credential = new TpmReader(cfb.doFinal(encIdentity), "TPM2B_DIGEST");
        byte[] secret = credential.sized("credential", 64);
        credential.end();
        return secret;
    }

    static byte[] resource(String name) {
        try (InputStream in = Objects.requireNonNull(SoftwareActivation.class.getResourceAsStream(name), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrivateKey privateKey(String name) throws IOException {
        try (var parser =
                new PEMParser(new java.io.StringReader(new String(resource(name), StandardCharsets.US_ASCII)))) {
            Object parsed = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            return parsed instanceof PEMKeyPair pair
                    ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parsed);
        }
    }
}
