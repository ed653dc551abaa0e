package dev.palisade.tenancy.internal;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.ApiTokenId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The API token format: {@code pal_<locator>_<secret>}, where the locator is base64url of the tenant and token ids
 * (32 bytes) and the secret 32 random bytes. The prefix lets secret scanners recognise leaked tokens; the locator lets
 * the server find the token inside its tenant's row-level-security scope without any cross-tenant lookup. Only
 * SHA-256 of the token id and secret is stored; 256 random bits need no slow hash.
 */
public final class TokenSecrets {

    private static final String PREFIX = "pal_";
    private static final Pattern FORM = Pattern.compile("pal_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TokenSecrets() {}

    /** A presented token, split into its parts; the secret part is still secret. */
    public record Presented(TenantId tenant, ApiTokenId token, byte[] secret) {}

    /** A new token string for {@code token} in {@code tenant}, and the hash to store. */
    public record Generated(String token, byte[] hash) {

        @Override
        public String toString() {
            return "Generated[redacted]";
        }
    }

    public static Generated generate(TenantId tenant, ApiTokenId token) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        ByteBuffer locator = ByteBuffer.allocate(32);
        locator.putLong(tenant.value().getMostSignificantBits())
                .putLong(tenant.value().getLeastSignificantBits());
        locator.putLong(token.value().getMostSignificantBits())
                .putLong(token.value().getLeastSignificantBits());
        String text = PREFIX + ENCODER.encodeToString(locator.array()) + "_" + ENCODER.encodeToString(secret);
        return new Generated(text, hash(token, secret));
    }

    /** Splits a presented token, or returns empty for anything that is not one. */
    public static Optional<Presented> parse(String presented) {
        if (presented.length() != 91 || !FORM.matcher(presented).matches()) {
            return Optional.empty();
        }
        ByteBuffer locator = ByteBuffer.wrap(Base64.getUrlDecoder().decode(presented.substring(4, 47)));
        byte[] secret = Base64.getUrlDecoder().decode(presented.substring(48));
        if (locator.remaining() != 32 || secret.length != 32) {
            return Optional.empty();
        }
        var tenant = TenantId.of(new UUID(locator.getLong(), locator.getLong()));
        var token = new ApiTokenId(new UUID(locator.getLong(), locator.getLong()));
        return Optional.of(new Presented(tenant, token, secret));
    }

    public static byte[] hash(ApiTokenId token, byte[] secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("palisade-api-token-v1:".getBytes(StandardCharsets.US_ASCII));
            sha256.update(token.toString().getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) ':');
            sha256.update(secret);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static boolean matches(byte[] storedHash, ApiTokenId token, byte[] secret) {
        return MessageDigest.isEqual(storedHash, hash(token, secret));
    }
}
