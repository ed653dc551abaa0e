package dev.palisade.protocol.tuf;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The key types and signature schemes of TUF 1.0 that Palisade accepts, each verified with the JDK's own providers:
 * Ed25519 (public key as hex), ECDSA over NIST P-256 with SHA-256 (PEM, DER signatures) and RSASSA-PSS with SHA-256
 * (PEM, at least 2048 bits).
 */
public enum KeyType {

    /** {@code "keytype": "ed25519", "scheme": "ed25519"}, the public key as 64 hex digits. */
    ED25519("ed25519", "ed25519"),
    /** {@code "keytype": "ecdsa", "scheme": "ecdsa-sha2-nistp256"}, the public key as PEM SubjectPublicKeyInfo. */
    ECDSA_P256("ecdsa", "ecdsa-sha2-nistp256"),
    /** {@code "keytype": "rsa", "scheme": "rsassa-pss-sha256"}, the public key as PEM SubjectPublicKeyInfo. */
    RSA_PSS_SHA256("rsa", "rsassa-pss-sha256");

    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int SHA256_LENGTH = 32;
    private static final int MIN_RSA_BITS = 2048;

    private final String keyType;
    private final String scheme;

    KeyType(String keyType, String scheme) {
        this.keyType = keyType;
        this.scheme = scheme;
    }

    /** The {@code keytype} this writes. */
    public String keyTypeName() {
        return keyType;
    }

    /** The {@code scheme} this writes. */
    public String schemeName() {
        return scheme;
    }

    /**
     * The type for a {@code keytype} and {@code scheme} pair; TUF 1.0.x before 1.0.32 named the ECDSA key type
     * {@code ecdsa-sha2-nistp256} as well, which is accepted too.
     */
    static Optional<KeyType> of(String keyType, String scheme) {
        for (KeyType type : values()) {
            if (type.scheme.equals(scheme)
                    && (type.keyType.equals(keyType)
                            || (type == ECDSA_P256 && keyType.equals("ecdsa-sha2-nistp256")))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type of a JCA public key. */
    static KeyType of(PublicKey key) {
        return switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "ED25519", "EDDSA" -> ED25519;
            case "EC" -> ECDSA_P256;
            case "RSA" -> RSA_PSS_SHA256;
            default ->
                throw new IllegalArgumentException("TUF keys are Ed25519, P-256 or RSA, not " + key.getAlgorithm());
        };
    }

    /** The {@code keyval.public} string for a key of this type. */
    String encodePublic(PublicKey key) {
        byte[] spki = decode(key.getEncoded()).getEncoded();
        if (this == ED25519) {
            return HexFormat.of().formatHex(spki, ED25519_SPKI_PREFIX.length, spki.length);
        }
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki);
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /** Decodes a {@code keyval.public} string; {@link IllegalArgumentException} when it is no key of this type. */
    PublicKey decodePublic(String value) {
        if (this == ED25519) {
            byte[] raw = HexFormat.of().parseHex(value);
            if (raw.length != 32) {
                throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
            }
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
            return decode(spki);
        }
        String body = value.strip();
        String header = "-----BEGIN PUBLIC KEY-----";
        String footer = "-----END PUBLIC KEY-----";
        if (!body.startsWith(header) || !body.endsWith(footer)) {
            throw new IllegalArgumentException("not a PEM public key");
        }
        String base64 =
                body.substring(header.length(), body.length() - footer.length()).replaceAll("\\s", "");
        return decode(Base64.getDecoder().decode(base64));
    }

    private PublicKey decode(byte[] spki) {
        try {
            PublicKey key = KeyFactory.getInstance(jcaKeyAlgorithm()).generatePublic(new X509EncodedKeySpec(spki));
            checkStrength(key);
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a " + keyType + " public key: " + e.getMessage(), e);
        }
    }

    private void checkStrength(PublicKey key) throws GeneralSecurityException {
        switch (this) {
            case ED25519 -> {}
            case ECDSA_P256 -> {
                if (!((ECPublicKey) key).getParams().getOrder().equals(p256Order())) {
                    throw new GeneralSecurityException("the curve is not NIST P-256");
                }
            }
            case RSA_PSS_SHA256 -> {
                if (((RSAPublicKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new GeneralSecurityException("RSA keys must have at least " + MIN_RSA_BITS + " bits");
                }
            }
        }
    }

    private static BigInteger p256Order() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class).getOrder();
    }

    private String jcaKeyAlgorithm() {
        return switch (this) {
            case ED25519 -> "Ed25519";
            case ECDSA_P256 -> "EC";
            case RSA_PSS_SHA256 -> "RSA";
        };
    }

    /**
     * A JCA signature engine for this scheme. RSASSA-PSS uses MGF1 with SHA-256 and a salt as long as the digest
     * unless told otherwise.
     */
    Signature signatureEngine(int pssSaltLength) throws GeneralSecurityException {
        return switch (this) {
            case ED25519 -> Signature.getInstance("Ed25519");
            case ECDSA_P256 -> Signature.getInstance("SHA256withECDSA");
            case RSA_PSS_SHA256 -> {
                Signature engine = Signature.getInstance("RSASSA-PSS");
                engine.setParameter(
                        new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, pssSaltLength, 1));
                yield engine;
            }
        };
    }

    /** The salt length Palisade signs with: the digest's length, the most widely used choice. */
    static int defaultPssSaltLength() {
        return SHA256_LENGTH;
    }

    /**
     * The salt lengths a verifier tries: the digest's length, then the maximum the key allows (what OpenSSL and Node
     * pick by default when signing), so that signatures from either kind of signer verify.
     */
    static int[] pssSaltLengths(PublicKey key) {
        int modulusBytes = (((RSAPublicKey) key).getModulus().bitLength() - 1 + 7) / 8;
        return new int[] {SHA256_LENGTH, modulusBytes - SHA256_LENGTH - 2};
    }
}
