package dev.palisade.keys;

import java.security.PublicKey;

/** A private key held in custody: callers can sign with it and read its public half, never export it. */
public interface SigningKey {

    KeyAlias alias();

    KeyAlgorithm algorithm();

    PublicKey publicKey();

    /** Signs {@code message} with the key's signature algorithm (see {@link KeyAlgorithm#signatureAlgorithm()}). */
    byte[] sign(byte[] message);
}
