package dev.palisade.protocol.claim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The claim proof's wire format. A device proves that it holds the claim code on its label by signing, with the
 * private key of the bootstrap certificate it connects with, the bytes of {@link #signedBytes}: a fixed label, the
 * server's nonce (lower-case hex) and the SHA-256 of the normalised code, each on its own line. It sends the code
 * itself inside the TLS connection next to the signature: the server keeps only a slow, salted hash of the code, so it
 * needs the code to check it, and the signature binds that code and the nonce to the key the manufacturer certified.
 */
public final class ClaimProof {

    /** What the signature covers first: a version, so that a signature for anything else never passes as a proof. */
    public static final String LABEL = "palisade-claim-proof-v1";

    private static final String CODE_LABEL = "palisade-claim-code-v1:";

    private ClaimProof() {}

    /**
     * The code as printed, without what people write between its groups: spaces and hyphens are dropped and letters
     * upper-cased, so that {@code k7qm-2x9d-...} and {@code K7QM2X9D...} are the same code.
     *
     * @throws IllegalArgumentException when a character is not a letter A-Z, a digit, a space or a hyphen
     */
    public static String normalise(String code) {
        var normalised = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == ' ' || c == '-') {
                continue;
            }
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c; // ASCII only: no locale, no look-alikes
            if (!((upper >= 'A' && upper <= 'Z') || (upper >= '0' && upper <= '9'))) {
                throw new IllegalArgumentException(
                        "a claim code is letters A-Z and digits, grouped with spaces or hyphens if wanted");
            }
            normalised.append(upper);
        }
        return normalised.toString();
    }

    /** SHA-256 of the normalised code, as the signed bytes carry it. */
    public static byte[] codeDigest(String normalisedCode) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(CODE_LABEL.getBytes(StandardCharsets.US_ASCII));
            return sha256.digest(normalisedCode.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** What the device signs: {@code LABEL \n nonce-hex \n code-digest-hex \n}, ASCII. */
    public static byte[] signedBytes(String nonceHex, String code) {
        String digest = HexFormat.of().formatHex(codeDigest(normalise(code)));
        return (LABEL + "\n" + nonceHex.toLowerCase(Locale.ROOT) + "\n" + digest + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The JCA signature algorithm a bootstrap key signs the proof with: ECDSA with SHA-256 (DER), RSA PKCS#1 v1.5
     * with SHA-256, or Ed25519. Empty for any other key.
     */
    public static Optional<String> signatureAlgorithm(PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> Optional.of("SHA256withECDSA");
            case "RSA" -> Optional.of("SHA256withRSA");
            case "Ed25519", "EdDSA" -> Optional.of("Ed25519");
            default -> Optional.empty();
        };
    }
}
