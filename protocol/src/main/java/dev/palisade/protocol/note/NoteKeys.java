package dev.palisade.protocol.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 key handling for signed notes: key names, key ids, and conversion between the JDK's {@link PublicKey} and
 * the raw 32-byte RFC 8032 encoding that notes and verifier keys carry.
 */
public final class NoteKeys {

    /** The C2SP signed-note signature type byte for Ed25519. */
    public static final byte ED25519_TYPE = 0x01;

    /** Length of a raw Ed25519 public key. */
    public static final int ED25519_PUBLIC_KEY_LENGTH = 32;

    /** Length of an Ed25519 signature. */
    public static final int ED25519_SIGNATURE_LENGTH = 64;

    /**
     * DER of an X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112) up to the key bytes. Every Ed25519 SPKI has
     * this exact prefix, so comparing against it both checks the algorithm and locates the raw key.
     */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private NoteKeys() {}

    /**
     * The Ed25519 key id: the first four bytes, big-endian, of SHA-256(keyName || 0x0A || 0x01 || rawPublicKey).
     * Signature lines carry it so that a verifier can tell which of several keys with one name signed.
     */
    public static int keyId(String keyName, byte[] rawPublicKey) {
        requireValidKeyName(keyName);
        requireRawPublicKey(rawPublicKey);
        MessageDigest sha256 = sha256();
        sha256.update(keyName.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519_TYPE);
        sha256.update(rawPublicKey);
        return ByteBuffer.wrap(sha256.digest()).getInt();
    }

    /** The key id of {@code publicKey} under {@code keyName}; see {@link #keyId(String, byte[])}. */
    public static int keyId(String keyName, PublicKey publicKey) {
        return keyId(keyName, rawPublicKey(publicKey));
    }

    /** The verifier key string {@code <name>+<8 hex digit key id>+<base64(0x01 || raw key)>}. */
    public static String verifierKey(String keyName, PublicKey publicKey) {
        return new VerifierKey(keyName, rawPublicKey(publicKey)).encoded();
    }

    /** Parses a verifier key string; see {@link VerifierKey#parse}. */
    public static VerifierKey parseVerifierKey(String verifierKey) {
        return VerifierKey.parse(verifierKey);
    }

    /**
     * The raw 32-byte key inside an Ed25519 public key, read from its X.509 SubjectPublicKeyInfo encoding.
     *
     * @throws IllegalArgumentException if the key is not an Ed25519 key (an Ed448 or RSA key, say)
     */
    public static byte[] rawPublicKey(PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        boolean ed25519 = spki != null
                && "X.509".equals(publicKey.getFormat())
                && spki.length == ED25519_SPKI_PREFIX.length + ED25519_PUBLIC_KEY_LENGTH
                && MessageDigest.isEqual(Arrays.copyOf(spki, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX);
        if (!ed25519) {
            throw new IllegalArgumentException("not an Ed25519 public key: algorithm " + publicKey.getAlgorithm()
                    + ", format " + publicKey.getFormat());
        }
        return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    }

    /**
     * A JDK public key for a raw 32-byte Ed25519 key.
     *
     * @throws IllegalArgumentException if the bytes are not 32 long or do not decode to a point on the curve
     */
    public static PublicKey publicKey(byte[] rawPublicKey) {
        requireRawPublicKey(rawPublicKey);
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + ED25519_PUBLIC_KEY_LENGTH);
        System.arraycopy(rawPublicKey, 0, spki, ED25519_SPKI_PREFIX.length, ED25519_PUBLIC_KEY_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK does not support Ed25519", e);
        }
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code keyName} is a valid key name: non-empty, with no Unicode
     * white space (which would end the name inside a signature line), no {@code +} (which separates the parts of a
     * verifier key), no control characters and no unpaired surrogates.
     */
    public static String requireValidKeyName(String keyName) {
        if (keyName.isEmpty()) {
            throw new IllegalArgumentException("key name must not be empty");
        }
        NoteText.requireNoteCharacters(keyName, "key name");
        for (int i = 0; i < keyName.length(); i++) {
            char c = keyName.charAt(i);
            if (c == '+') {
                throw new IllegalArgumentException("key name must not contain '+': " + keyName);
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085') {
                throw new IllegalArgumentException("key name must not contain white space: " + keyName);
            }
        }
        return keyName;
    }

    static byte[] requireRawPublicKey(byte[] rawPublicKey) {
        if (rawPublicKey.length != ED25519_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + ED25519_PUBLIC_KEY_LENGTH
                    + " bytes long, not " + rawPublicKey.length);
        }
        return rawPublicKey;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
