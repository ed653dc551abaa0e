package dev.palisade.protocol.note;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import org.jspecify.annotations.Nullable;

/**
 * Checks notes against one trusted Ed25519 key, with the semantics of Go's {@code note.Open} and C2SP signed-note:
 * signature lines from other keys (a different name or key id) are ignored, every line from this key must verify, and
 * at least one must be present.
 */
public final class NoteVerifier {

    private final VerifierKey key;
    private final int keyId;
    private final PublicKey publicKey;
    private final @Nullable Provider provider;

    /** A verifier for {@code key}. */
    public NoteVerifier(VerifierKey key) {
        this(key, null);
    }

    private NoteVerifier(VerifierKey key, @Nullable Provider provider) {
        this.key = key;
        this.keyId = key.keyId();
        this.publicKey = key.publicKey();
        this.provider = provider;
    }

    /**
     * The same verifier, checking signatures through {@code provider} instead of the JVM's default Ed25519 provider
     * (the JDK's, which verifies several times slower than some others, for a signer that checks every note it signs).
     */
    public NoteVerifier through(Provider provider) {
        return new NoteVerifier(key, provider);
    }

    /**
     * A verifier for a verifier key string such as {@code PeterNeumann+c74f20a3+ARpc2Qc…}.
     *
     * @throws IllegalArgumentException if the string is not a valid Ed25519 verifier key
     */
    public NoteVerifier(String verifierKey) {
        this(VerifierKey.parse(verifierKey));
    }

    /** A verifier for {@code publicKey} under {@code keyName}. */
    public NoteVerifier(String keyName, PublicKey publicKey) {
        this(VerifierKey.of(keyName, publicKey));
    }

    /** The key this verifier trusts. */
    public VerifierKey key() {
        return key;
    }

    /** Checks the signatures of a parsed note. */
    public NoteVerification verify(SignedNote note) {
        byte[] message = note.text().getBytes(StandardCharsets.UTF_8);
        int verified = 0;
        for (NoteSignature signature : note.signatures()) {
            if (!signature.keyName().equals(key.name()) || signature.keyId() != keyId) {
                continue;
            }
            if (!isValid(message, signature.signature())) {
                return new NoteVerification.Rejected(
                        RejectionReason.BAD_SIGNATURE,
                        "the signature by " + key.name() + " (key id " + VerifierKey.formatKeyId(keyId)
                                + ") does not verify");
            }
            verified++;
        }
        if (verified == 0) {
            return new NoteVerification.Rejected(
                    RejectionReason.NO_SIGNATURE_FROM_KEY,
                    "the note has no signature by " + key.name() + " with key id " + VerifierKey.formatKeyId(keyId));
        }
        return new NoteVerification.Verified(note);
    }

    /** Parses and checks a note as received; a note that does not parse is {@link RejectionReason#MALFORMED_NOTE}. */
    public NoteVerification verify(String note) {
        SignedNote parsed;
        try {
            parsed = SignedNote.parse(note);
        } catch (IllegalArgumentException e) {
            return new NoteVerification.Rejected(RejectionReason.MALFORMED_NOTE, String.valueOf(e.getMessage()));
        }
        return verify(parsed);
    }

    private boolean isValid(byte[] message, byte[] signatureBytes) {
        if (signatureBytes.length != NoteKeys.ED25519_SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature ed25519 =
                    provider == null ? Signature.getInstance("Ed25519") : Signature.getInstance("Ed25519", provider);
            ed25519.initVerify(publicKey);
            ed25519.update(message);
            return ed25519.verify(signatureBytes);
        } catch (SignatureException e) {
            // The JDK throws rather than returning false for some malformed signatures; both mean "not valid".
            return false;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("this JDK cannot verify Ed25519 signatures", e);
        }
    }
}
