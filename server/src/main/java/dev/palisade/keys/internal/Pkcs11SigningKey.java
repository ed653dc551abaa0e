package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.SigningKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;

/**
 * A signing key that lives in a PKCS#11 token. {@code privateKey} is only a handle: the token signs, and the key's
 * value never leaves it. Signing always goes through the token's own provider, which is not installed JVM-wide and so
 * would not be found by the JCA's usual provider search. A fresh {@link Signature} per call lets many threads sign at
 * once; the provider hands each operation a session of its own.
 */
record Pkcs11SigningKey(
        KeyAlias alias, KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey, Provider token)
        implements SigningKey {

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(algorithm.signatureAlgorithm(), token);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException(
                    "signing with key " + alias + " in " + token.getName() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + alias + ", " + algorithm + "]";
    }
}
