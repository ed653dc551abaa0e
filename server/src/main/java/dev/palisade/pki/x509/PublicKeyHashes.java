package dev.palisade.pki.x509;

import java.security.PublicKey;
import java.security.cert.X509Certificate;

/** The identity of a public key: SHA-256 of its DER SubjectPublicKeyInfo, as used for key bindings and events. */
public final class PublicKeyHashes {

    private PublicKeyHashes() {}

    public static byte[] sha256(PublicKey key) {
        return PublicKeys.spkiSha256(PublicKeys.spki(key));
    }

    public static byte[] sha256(X509Certificate certificate) {
        return sha256(certificate.getPublicKey());
    }
}
