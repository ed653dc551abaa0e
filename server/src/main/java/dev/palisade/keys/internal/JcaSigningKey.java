package dev.palisade.keys.internal;

import dev.palisade.keys.FastCrypto;
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

    /**
     * A signing key whose EC private key is held in the fast provider's own form. Given the JDK's key object, that
     * provider would re-encode and re-parse it on every signature, a cost as large as the signature itself.
     */
    static JcaSigningKey of(KeyAlias alias, KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey) {
        try {
            return new JcaSigningKey(alias, algorithm, publicKey, FastCrypto.forSigning(privateKey));
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot prepare key " + alias + " for signing: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = signatureFor(algorithm);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("signing with key " + alias + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * EC keys sign through the fast provider when there is one, Ed25519 keys through BouncyCastle; everything else
     * through the JDK's defaults.
     */
    private static Signature signatureFor(KeyAlgorithm algorithm) throws GeneralSecurityException {
        if (algorithm == KeyAlgorithm.ED25519) {
            return Signature.getInstance(algorithm.signatureAlgorithm(), FastCrypto.edProvider());
        }
        var fast = FastCrypto.ecProvider();
        boolean ec = algorithm == KeyAlgorithm.ECDSA_P256 || algorithm == KeyAlgorithm.ECDSA_P384;
        return ec && fast != null
                ? Signature.getInstance(algorithm.signatureAlgorithm(), fast)
                : Signature.getInstance(algorithm.signatureAlgorithm());
    }

    @Override
    public String toString() {
        return "SigningKey[" + alias + ", " + algorithm + "]";
    }
}
