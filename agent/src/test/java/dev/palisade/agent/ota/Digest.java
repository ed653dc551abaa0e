package dev.palisade.agent.ota;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

final class Digest {

    private Digest() {}

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
