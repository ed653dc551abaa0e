package dev.palisade.protocol.tuf;

import java.util.HexFormat;

/**
 * A TUF key id: the lowercase hex SHA-256 of the canonical JSON of the public key object (see {@link TufKey#keyId()}).
 *
 * @param hex 64 lowercase hex digits
 */
public record KeyId(String hex) implements Comparable<KeyId> {

    /** Refuses anything but 64 lowercase hex digits. */
    public KeyId {
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a key id is 64 lowercase hex digits, not " + abbreviate(hex));
        }
    }

    /** The key id whose digest is {@code sha256}. */
    static KeyId ofDigest(byte[] sha256) {
        return new KeyId(HexFormat.of().formatHex(sha256));
    }

    @Override
    public int compareTo(KeyId other) {
        return hex.compareTo(other.hex);
    }

    @Override
    public String toString() {
        return hex;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
