package dev.palisade.protocol.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteVerifierTest {

    private static final String TEXT = "palisade.example/log\n7\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    private final KeyPair logKey = Ed25519TestKeys.generate();
    private final NoteSigner signer = Ed25519TestKeys.noteSigner("palisade.example/log", logKey);
    private final NoteVerifier verifier = new NoteVerifier("palisade.example/log", logKey.getPublic());

    @Test
    void verifiesGosExampleNoteWithItsPublishedVerifierKey() {
        NoteVerifier goVerifier = new NoteVerifier(GoNoteExample.VERIFIER_KEY);

        NoteVerification result = goVerifier.verify(GoNoteExample.SIGNED_NOTE);

        assertThat(result)
                .isInstanceOfSatisfying(
                        NoteVerification.Verified.class,
                        verified -> assertThat(verified.text()).isEqualTo(GoNoteExample.TEXT));
    }

    @Test
    void signingGosExampleTextWithItsKeyGivesTheSameNoteAsGo() throws Exception {
        VerifierKey key = VerifierKey.parse(GoNoteExample.VERIFIER_KEY);
        NoteSigner goKeySigner = new NoteSigner("PeterNeumann", key.publicKey(), GoNoteExample.signer());

        SignedNote note = goKeySigner.sign(GoNoteExample.TEXT);

        assertThat(note.format()).isEqualTo(GoNoteExample.SIGNED_NOTE);
        assertThat(goKeySigner.verifierKey().encoded()).isEqualTo(GoNoteExample.VERIFIER_KEY);
    }

    @Test
    void verifiesANoteItsKeySigned() {
        SignedNote note = signer.sign(TEXT);

        assertThat(verifier.verify(note)).isEqualTo(new NoteVerification.Verified(note));
        assertThat(verifier.verify(note.format())).isInstanceOf(NoteVerification.Verified.class);
        assertThat(new NoteVerifier(signer.verifierKey().encoded()).verify(note))
                .isInstanceOf(NoteVerification.Verified.class);
    }

    @Test
    void signsCheckpointBodies() {
        Checkpoint checkpoint = Checkpoint.parse(TEXT);

        SignedNote note = signer.sign(checkpoint);

        assertThat(note.text()).isEqualTo(TEXT);
        assertThat(verifier.verify(note)).isInstanceOf(NoteVerification.Verified.class);
    }

    @Test
    void refusesANoteWhoseTextChangedByOneByte() {
        String formatted = signer.sign(TEXT).format();
        String altered = formatted.replaceFirst("\n7\n", "\n8\n");

        assertRejected(verifier.verify(altered), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void refusesANoteWhoseSignatureChangedByOneBit() {
        SignedNote note = signer.sign(TEXT);
        NoteSignature original = note.signatures().getFirst();
        byte[] flipped = original.signature();
        flipped[10] ^= 0x04;
        SignedNote forged =
                new SignedNote(TEXT, List.of(new NoteSignature(original.keyName(), original.keyId(), flipped)));

        assertRejected(verifier.verify(forged), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void refusesASignatureOfTheWrongLengthFromItsKey() {
        NoteSignature original = signer.sign(TEXT).signatures().getFirst();
        byte[] truncated = Arrays.copyOf(original.signature(), 63);
        SignedNote note =
                new SignedNote(TEXT, List.of(new NoteSignature(original.keyName(), original.keyId(), truncated)));

        assertRejected(verifier.verify(note), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void refusesANoteSignedOnlyByAnotherKey() {
        NoteSigner otherName = Ed25519TestKeys.noteSigner("someone.else/log", Ed25519TestKeys.generate());
        NoteSigner sameNameOtherKey = Ed25519TestKeys.noteSigner("palisade.example/log", Ed25519TestKeys.generate());

        assertRejected(verifier.verify(otherName.sign(TEXT)), RejectionReason.NO_SIGNATURE_FROM_KEY);
        assertRejected(verifier.verify(sameNameOtherKey.sign(TEXT)), RejectionReason.NO_SIGNATURE_FROM_KEY);
    }

    @Test
    void ignoresAGoodSignatureUnderTheWrongKeyId() {
        NoteSignature original = signer.sign(TEXT).signatures().getFirst();
        SignedNote note = new SignedNote(
                TEXT, List.of(new NoteSignature(original.keyName(), original.keyId() ^ 1, original.signature())));

        assertRejected(verifier.verify(note), RejectionReason.NO_SIGNATURE_FROM_KEY);
    }

    @Test
    void ignoresSignaturesFromUnknownKeysBesideAGoodOne() {
        SignedNote witnessed = Ed25519TestKeys.noteSigner("witness.example", Ed25519TestKeys.generate())
                .sign(TEXT);
        List<NoteSignature> signatures = new ArrayList<>(witnessed.signatures());
        signatures.add(new NoteSignature("unknown.example", 42, new byte[] {1, 2, 3}));
        signatures.addAll(signer.sign(TEXT).signatures());

        assertThat(verifier.verify(new SignedNote(TEXT, signatures))).isInstanceOf(NoteVerification.Verified.class);
    }

    @Test
    void aBadSignatureFromItsKeyRejectsEvenBesideAGoodOne() {
        NoteSignature good = signer.sign(TEXT).signatures().getFirst();
        NoteSignature bad = new NoteSignature(good.keyName(), good.keyId(), new byte[64]);

        assertRejected(verifier.verify(new SignedNote(TEXT, List.of(good, bad))), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void reportsAMissingBlankLineAsMalformed() {
        String joined = signer.sign(TEXT).format().replace("\n\n", "\n");

        assertRejected(verifier.verify(joined), RejectionReason.MALFORMED_NOTE);
    }

    @Test
    void signerRefusesASignatureThatDoesNotMatchItsPublicKey() {
        KeyPair other = Ed25519TestKeys.generate();
        NoteSigner misconfigured =
                new NoteSigner("palisade.example/log", logKey.getPublic(), Ed25519TestKeys.signerFor(other));

        assertThatThrownBy(() -> misconfigured.sign(TEXT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void signerRefusesTextThatCannotBeANote() {
        assertThatThrownBy(() -> signer.sign("no final newline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newline");
    }

    private static void assertRejected(NoteVerification result, RejectionReason reason) {
        assertThat(result)
                .isInstanceOfSatisfying(
                        NoteVerification.Rejected.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(reason));
    }
}
