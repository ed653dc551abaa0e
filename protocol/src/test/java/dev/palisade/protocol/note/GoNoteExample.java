package dev.palisade.protocol.note;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The example key and note published with Go's golang.org/x/mod/sumdb/note package ({@code example_test.go}):
 * {@code ExampleSign} signs {@link #TEXT} with {@link #GO_PRIVATE_KEY} and prints {@link #SIGNED_NOTE}, and
 * {@code ExampleOpen} verifies it with {@link #VERIFIER_KEY}. Matching them shows our notes interoperate with Go's.
 */
final class GoNoteExample {

    static final String VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    /** Go's private key string: {@code PRIVATE+KEY+<name>+<key id>+base64(0x01 || 32-byte seed)}. */
    static final String GO_PRIVATE_KEY =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

    static final String TEXT = """
            If you think cryptography is the answer to your problem,
            then you don't know what your problem is.
            """;

    static final String SIGNED_NOTE = TEXT
            + "\n"
            + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private GoNoteExample() {}

    /** A signer holding the example's private key, the way a key-custody service would. */
    static Signer signer() throws Exception {
        // The base64 itself contains '+', so only the first four '+' separate parts.
        String typedSeed = GO_PRIVATE_KEY.split("\\+", 5)[4];
        byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(typedSeed), 1, 33);
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        return message -> {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(privateKey);
                ed25519.update(message);
                return ed25519.sign();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
