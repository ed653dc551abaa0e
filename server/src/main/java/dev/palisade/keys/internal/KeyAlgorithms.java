package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyCustodyException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Recognises which {@link KeyAlgorithm} an existing public key belongs to. */
final class KeyAlgorithms {

    private KeyAlgorithms() {}

    static KeyAlgorithm of(PublicKey key) {
        return switch (key) {
            case ECPublicKey ec
            when ec.getParams().getCurve().getField().getFieldSize() == 256 -> KeyAlgorithm.ECDSA_P256;
            case ECPublicKey ec
            when ec.getParams().getCurve().getField().getFieldSize() == 384 -> KeyAlgorithm.ECDSA_P384;
            case RSAPublicKey rsa when rsa.getModulus().bitLength() == 3072 -> KeyAlgorithm.RSA_3072;
            case PublicKey other
            when other.getAlgorithm().equals("EdDSA") || other.getAlgorithm().equals("Ed25519") -> KeyAlgorithm.ED25519;
            default -> throw new KeyCustodyException("unsupported key type in custody: " + key.getAlgorithm());
        };
    }
}
