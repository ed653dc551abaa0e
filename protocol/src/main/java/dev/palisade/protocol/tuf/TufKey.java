package dev.palisade.protocol.tuf;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A TUF public key object ({@code keytype}, {@code scheme}, {@code keyval.public}) exactly as it appears in metadata.
 * The whole object, unknown members such as python-tuf's {@code keyid_hash_algorithms} included, is kept: the
 * {@link #keyId() key id} is the hash of its canonical form, so dropping a member would change the id.
 *
 * <p>Keys of a type this client does not support can be listed in metadata (another client might use them); their
 * signatures never verify here.
 */
public final class TufKey {

    private final Map<String, Object> json;
    private final KeyId keyId;
    private final @Nullable KeyType type;
    private final @Nullable PublicKey publicKey;

    private TufKey(Map<String, Object> json) {
        String keyType = string(json, "keytype");
        String scheme = string(json, "scheme");
        if (!(json.get("keyval") instanceof Map<?, ?> keyval) || !(keyval.get("public") instanceof String value)) {
            throw new IllegalArgumentException("a key needs a keyval object with a public string");
        }
        this.json = json;
        this.keyId = KeyId.ofDigest(Digests.sha256(TufCanonicalJson.toBytes(json)));
        this.type = KeyType.of(keyType, scheme).orElse(null);
        this.publicKey = type == null ? null : type.decodePublic(value);
    }

    /**
     * The key object parsed from metadata; {@link IllegalArgumentException} when it lacks a required member or, for a
     * supported type, its public value is no valid key of that type.
     */
    public static TufKey fromJson(Map<String, Object> json) {
        return new TufKey(Map.copyOf(json));
    }

    /** The TUF key object for a JCA public key (Ed25519, P-256 or RSA of at least 2048 bits). */
    public static TufKey of(PublicKey key) {
        KeyType type = KeyType.of(key);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("keytype", type.keyTypeName());
        json.put("scheme", type.schemeName());
        json.put("keyval", Map.of("public", type.encodePublic(key)));
        return new TufKey(Map.copyOf(json));
    }

    /** The hex SHA-256 of the canonical JSON of this key object. */
    public KeyId keyId() {
        return keyId;
    }

    /** The key object as it appears in metadata. */
    public Map<String, Object> toJson() {
        return json;
    }

    /** The key's type, or empty when this client does not support its {@code keytype} and {@code scheme}. */
    public Optional<KeyType> type() {
        return Optional.ofNullable(type);
    }

    /** The key's {@code scheme}. */
    public String scheme() {
        return string(json, "scheme");
    }

    /** Whether {@code signature} is this key's signature of {@code message}; never throws. */
    public boolean verify(byte[] message, byte[] signature) {
        KeyType t = type;
        PublicKey key = publicKey;
        if (t == null || key == null) {
            return false;
        }
        try {
            if (t == KeyType.RSA_PSS_SHA256) {
                for (int saltLength : KeyType.pssSaltLengths(key)) {
                    if (verifyWith(t.signatureEngine(saltLength), key, message, signature)) {
                        return true;
                    }
                }
                return false;
            }
            return verifyWith(t.signatureEngine(0), key, message, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean verifyWith(Signature engine, PublicKey key, byte[] message, byte[] signature)
            throws GeneralSecurityException {
        engine.initVerify(key);
        engine.update(message);
        return engine.verify(signature);
    }

    private static String string(Map<String, Object> json, String name) {
        if (!(json.get(name) instanceof String s)) {
            throw new IllegalArgumentException("a key needs a " + name + " string");
        }
        return s;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TufKey that && keyId.equals(that.keyId);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "TufKey[" + json.get("keytype") + " " + keyId + "]";
    }
}
