package dev.palisade.protocol.note;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;

/** Fresh JDK Ed25519 key pairs, and signers over their private keys, for tests. */
final class Ed25519TestKeys {

    private Ed25519TestKeys() {}

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Signer signerFor(KeyPair keyPair) {
        return message -> {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(keyPair.getPrivate());
                ed25519.update(message);
                return ed25519.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static NoteSigner noteSigner(String name, KeyPair keyPair) {
        return new NoteSigner(name, keyPair.getPublic(), signerFor(keyPair));
    }
}
