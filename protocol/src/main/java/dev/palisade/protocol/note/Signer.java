package dev.palisade.protocol.note;

/**
 * Produces an Ed25519 signature over a message with a private key kept elsewhere (a key-custody service, an HSM, a
 * file the server alone can read). Keeping the private key behind this interface is what lets the protocol code sign
 * without ever holding it.
 */
@FunctionalInterface
public interface Signer {

    /** The 64-byte RFC 8032 Ed25519 signature of {@code message}. */
    byte[] sign(byte[] message);
}
