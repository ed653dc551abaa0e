package dev.palisade.protocol.note;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.PublicKey;
import java.util.List;

/** Signs note texts as one named Ed25519 key, through a {@link Signer} that holds the private key. */
public final class NoteSigner {

    private final VerifierKey key;
    private final Signer signer;
    private final NoteVerifier selfCheck;

    /**
     * @param keyName the key name that signature lines will carry; for a log, conventionally its checkpoint origin
     * @param publicKey the Ed25519 public key matching the private key behind {@code signer}
     * @param signer signs with the private key
     */
    public NoteSigner(String keyName, PublicKey publicKey, Signer signer) {
        this.key = VerifierKey.of(keyName, publicKey);
        this.signer = signer;
        this.selfCheck = new NoteVerifier(key);
    }

    private NoteSigner(VerifierKey key, Signer signer, NoteVerifier selfCheck) {
        this.key = key;
        this.signer = signer;
        this.selfCheck = selfCheck;
    }

    /** The same signer, checking its own signatures through {@code provider} (see {@link NoteVerifier#through}). */
    public NoteSigner checkingThrough(Provider provider) {
        return new NoteSigner(key, signer, selfCheck.through(provider));
    }

    /** The verifier key that checks this signer's notes, for publishing to clients and witnesses. */
    public VerifierKey verifierKey() {
        return key;
    }

    /**
     * Signs {@code text}.
     *
     * @throws IllegalArgumentException if the text cannot be a note text (see {@link SignedNote#requireValidText})
     * @throws IllegalStateException if the signer's signature does not verify under the public key: publishing it
     *     would hand out a note nobody can verify, so a misconfigured key custody must fail here, loudly
     */
    public SignedNote sign(String text) {
        SignedNote.requireValidText(text);
        byte[] signature = signer.sign(text.getBytes(StandardCharsets.UTF_8));
        SignedNote note = new SignedNote(text, List.of(new NoteSignature(key.name(), key.keyId(), signature)));
        if (!(selfCheck.verify(note) instanceof NoteVerification.Verified)) {
            throw new IllegalStateException("the signer's signature does not verify under the public key of "
                    + key.name() + ": the private key behind it is not the one configured");
        }
        return note;
    }

    /** Signs the body of {@code checkpoint}. */
    public SignedNote sign(Checkpoint checkpoint) {
        return sign(checkpoint.body());
    }
}
