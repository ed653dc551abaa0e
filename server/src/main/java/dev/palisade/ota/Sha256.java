package dev.palisade.ota;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest as 64 lower-case hex digits: the name of an artifact's content. */
public record Sha256(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 digest is 64 lower-case hex digits");
        }
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    public static boolean isValid(String hex) {
        return HEX.matcher(hex).matches();
    }

    @Override
    public String toString() {
        return hex;
    }
}
