package dev.palisade.protocol.note;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A public Ed25519 note key with its name, as written in a verifier key string
 * {@code <name>+<8 hex digit key id>+<base64(0x01 || raw key)>} such as
 * {@code PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW}. This is what a device or witness is
 * configured with to trust a log.
 *
 * @param name the key name, checked by {@link NoteKeys#requireValidKeyName}
 * @param rawPublicKey the 32-byte RFC 8032 public key; copied in and out
 */
@SuppressWarnings("ArrayRecordComponent") // copied defensively; equals and hashCode compare contents
public record VerifierKey(String name, byte[] rawPublicKey) {

    /** Validates the name and the key length, and copies the key. */
    public VerifierKey {
        NoteKeys.requireValidKeyName(name);
        rawPublicKey = NoteKeys.requireRawPublicKey(rawPublicKey).clone();
    }

    /** The verifier key for a JDK Ed25519 public key. */
    public static VerifierKey of(String name, PublicKey publicKey) {
        return new VerifierKey(name, NoteKeys.rawPublicKey(publicKey));
    }

    /**
     * Parses a verifier key string, checking that the key id it states is the one its name and key produce.
     *
     * @throws IllegalArgumentException naming what is wrong: the number of parts, the name, the key id digits, the
     *     base64, the algorithm byte, the key length, or a key id that does not match
     */
    public static VerifierKey parse(String encoded) {
        // The name cannot contain '+', but the base64 key can, so only the first two '+' separate parts.
        String[] parts = encoded.split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "a verifier key has the form <name>+<key id>+<key>, but this one has no second '+'");
        }
        String name = parts[0];
        String idHex = parts[1];
        if (idHex.length() != 8 || !idHex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("verifier key id must be 8 hex digits, not '" + idHex + "'");
        }
        int statedId = HexFormat.fromHexDigits(idHex);
        byte[] typedKey = StrictBase64.decode(parts[2], "verifier key data");
        if (typedKey.length == 0 || typedKey[0] != NoteKeys.ED25519_TYPE) {
            throw new IllegalArgumentException("verifier key is not an Ed25519 key (type byte 0x01)");
        }
        if (typedKey.length != 1 + NoteKeys.ED25519_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("verifier key holds " + (typedKey.length - 1) + " key bytes, not the "
                    + NoteKeys.ED25519_PUBLIC_KEY_LENGTH + " of Ed25519");
        }
        VerifierKey key = new VerifierKey(name, Arrays.copyOfRange(typedKey, 1, typedKey.length));
        if (key.keyId() != statedId) {
            throw new IllegalArgumentException(
                    "verifier key states key id " + idHex + " but its name and key give " + formatKeyId(key.keyId()));
        }
        return key;
    }

    /** The 4-byte key id, big-endian in an {@code int}; see {@link NoteKeys#keyId(String, byte[])}. */
    public int keyId() {
        return NoteKeys.keyId(name, rawPublicKey);
    }

    /** The key as a JDK {@link PublicKey} for {@code Signature.getInstance("Ed25519")}. */
    public PublicKey publicKey() {
        return NoteKeys.publicKey(rawPublicKey);
    }

    /** A copy of the raw 32-byte key. */
    @Override
    public byte[] rawPublicKey() {
        return rawPublicKey.clone();
    }

    /** The verifier key string. */
    public String encoded() {
        byte[] typedKey = new byte[1 + rawPublicKey.length];
        typedKey[0] = NoteKeys.ED25519_TYPE;
        System.arraycopy(rawPublicKey, 0, typedKey, 1, rawPublicKey.length);
        return name + "+" + formatKeyId(keyId()) + "+" + StrictBase64.encode(typedKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifierKey that
                && name.equals(that.name)
                && MessageDigest.isEqual(rawPublicKey, that.rawPublicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(rawPublicKey);
    }

    /** The verifier key string: it holds only public information. */
    @Override
    public String toString() {
        return encoded();
    }

    static String formatKeyId(int keyId) {
        return String.format(Locale.ROOT, "%08x", keyId);
    }
}
