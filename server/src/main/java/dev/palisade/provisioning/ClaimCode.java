package dev.palisade.provisioning;

import dev.palisade.protocol.claim.ClaimProof;
import dev.palisade.shared.problem.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A claim code, normalised ({@link ClaimProof#normalise}): letters A-Z and digits. A new claim's code must be strong
 * enough that guessing it online (a handful of attempts before the claim locks) or offline (from a stolen database,
 * against a slow salted hash) is hopeless: at least 16 significant characters (some 80 bits when they are random, as a
 * label's code is), at least six of them distinct (so not {@code AAAA...} nor {@code ABAB...}). Only a PBKDF2-HMAC-SHA256 hash of it is kept.
 */
final class ClaimCode {

    static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 64;
    /** A random 16-character code has fewer than 6 distinct characters about once in 40 million. */
    static final int MIN_DISTINCT = 6;

    /** Iterations of a new hash: a code is high-entropy, so this guards a stolen database, not a weak code. */
    static final int ITERATIONS = 100_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String normalised;

    private ClaimCode(String normalised) {
        this.normalised = normalised;
    }

    /** A new claim's code, refused with {@code provisioning.claim.weak-code} unless it is strong enough. */
    static ClaimCode forNewClaim(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("code", "code is required: the claim code printed on the device");
        }
        String normalised;
        try {
            normalised = ClaimProof.normalise(text);
        } catch (IllegalArgumentException e) {
            throw weak("a claim code is letters A-Z and digits (spaces and hyphens between groups are ignored)");
        }
        if (normalised.length() < MIN_LENGTH || normalised.length() > MAX_LENGTH) {
            throw weak("a claim code has " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " letters and digits (spaces and hyphens not counted); this one has " + normalised.length());
        }
        if (normalised.chars().distinct().count() < MIN_DISTINCT) {
            throw weak("a claim code needs at least " + MIN_DISTINCT + " different characters; one with fewer is not"
                    + " random (use the code printed on the device, not one made up)");
        }
        return new ClaimCode(normalised);
    }

    /** A code a device presented, normalised; empty when it cannot be a claim code at all. */
    static Optional<ClaimCode> presented(@Nullable String text) {
        if (text == null || text.length() > MAX_LENGTH * 2) {
            return Optional.empty();
        }
        try {
            String normalised = ClaimProof.normalise(text);
            return normalised.isEmpty() || normalised.length() > MAX_LENGTH
                    ? Optional.empty()
                    : Optional.of(new ClaimCode(normalised));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A stored hash: its salt, value and iteration count. */
    record Hash(byte[] salt, byte[] value, int iterations) {}

    /** A new hash of this code, under a salt of its own. */
    Hash hash() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new Hash(salt, derive(salt, ITERATIONS), ITERATIONS);
    }

    /** Whether this is the code {@code stored} is the hash of; in constant time for codes of the same hash. */
    boolean matches(Hash stored) {
        return MessageDigest.isEqual(stored.value(), derive(stored.salt(), stored.iterations()));
    }

    /** What the device signed with its proof: the code in the form {@link ClaimProof#signedBytes} takes. */
    String normalised() {
        return normalised;
    }

    private byte[] derive(byte[] salt, int iterations) {
        var spec = new PBEKeySpec(normalised.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static InvalidInputException weak(String detail) {
        return new InvalidInputException("provisioning.claim.weak-code", "code", detail);
    }

    @Override
    public String toString() {
        return "ClaimCode[redacted]";
    }
}
