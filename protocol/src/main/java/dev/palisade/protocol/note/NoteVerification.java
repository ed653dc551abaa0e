package dev.palisade.protocol.note;

/** The outcome of checking a note against one key: callers must handle both cases. */
public sealed interface NoteVerification {

    /**
     * The note carries a valid signature from the key, and no invalid one from it.
     *
     * @param note the note; its text may now be trusted as coming from the key's holder
     */
    record Verified(SignedNote note) implements NoteVerification {

        /** The verified text. */
        public String text() {
            return note.text();
        }
    }

    /**
     * The note must not be trusted.
     *
     * @param reason why, for callers that react differently to forgery and to absence
     * @param detail a human-readable explanation
     */
    record Rejected(RejectionReason reason, String detail) implements NoteVerification {}
}
