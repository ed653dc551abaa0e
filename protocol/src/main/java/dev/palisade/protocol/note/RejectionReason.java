package dev.palisade.protocol.note;

/** Why a {@link NoteVerifier} refused a note. */
public enum RejectionReason {
    /** The note could not be parsed; only returned when verifying note text directly. */
    MALFORMED_NOTE,
    /** No signature line names this key with its key id; signatures from other keys are ignored, as C2SP requires. */
    NO_SIGNATURE_FROM_KEY,
    /** A signature line names this key but its signature does not verify: the note is forged or altered. */
    BAD_SIGNATURE
}
