package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.SigningKey;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** A signing key whose private half is a JCA key object held by a back end; never exposed through the interface. */
record JcaSigningKey(KeyAlias alias, KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey)
        implements SigningKey {

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(algorithm.signatureAlgorithm());
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("signing with key " + alias + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[" + alias + ", " + algorithm + "]";
    }
}
