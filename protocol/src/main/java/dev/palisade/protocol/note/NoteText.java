package dev.palisade.protocol.note;

import java.util.Locale;

/** Character rules shared by note texts, key names and checkpoint lines. */
final class NoteText {

    private NoteText() {}

    /**
     * Throws unless {@code text} is well-formed UTF-16 (so it encodes to valid UTF-8) and has no ASCII control
     * characters other than newline, as C2SP signed-note requires of the whole note.
     */
    static void requireNoteCharacters(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException(what + " contains control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " at " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " contains an unpaired surrogate at " + i);
            }
        }
    }

    /** Throws unless {@code line} is a non-empty single line of note text. */
    static void requireLine(String line, String what) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a newline");
        }
        requireNoteCharacters(line, what);
    }

    /** Length of {@code text} in UTF-8, counting each surrogate pair as the four bytes it becomes. */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
