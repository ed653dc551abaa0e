package dev.palisade.protocol.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, then one signature line per signature.
 *
 * <pre>
 * example.com/log
 * 42
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 *
 * — example.com/log Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
 * </pre>
 *
 * <p>A note's text may itself contain blank lines, as the specification allows; the signatures start after the last
 * one. Holding a {@code SignedNote} says nothing about whether its signatures are valid: that is {@link NoteVerifier}'s
 * job.
 *
 * @param text the signed text, ending in a newline
 * @param signatures 1 to {@value #MAX_SIGNATURES} signatures, in note order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** Most signatures a note may carry; C2SP requires accepting at least 16, and Go's note package stops at 100. */
    public static final int MAX_SIGNATURES = 100;

    /** Largest formatted note, in UTF-8 bytes, accepted or produced: bounds the work a hostile note can cause. */
    public static final int MAX_NOTE_BYTES = 1 << 20;

    static final String SIGNATURE_PREFIX = "\u2014 ";

    /** Validates the text and the number of signatures, and that the formatted note fits the size limit. */
    public SignedNote {
        requireValidText(text);
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a signed note needs at least one signature");
        }
        if (signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException(
                    "a note may carry at most " + MAX_SIGNATURES + " signatures, not " + signatures.size());
        }
        long length = NoteText.utf8Length(text) + 1;
        for (NoteSignature signature : signatures) {
            length += NoteText.utf8Length(signature.line()) + 1;
        }
        if (length > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException(
                    "the note would be " + length + " bytes long, more than the " + MAX_NOTE_BYTES + " allowed");
        }
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code text} can be the text of a note: it ends in a newline, and
     * has no control characters other than newline and no unpaired surrogates.
     */
    public static String requireValidText(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        NoteText.requireNoteCharacters(text, "note text");
        return text;
    }

    /** The note as text: the text, a blank line, and one {@code — name base64} line per signature. */
    public String format() {
        StringBuilder note = new StringBuilder(text).append('\n');
        for (NoteSignature signature : signatures) {
            note.append(signature.line()).append('\n');
        }
        return note.toString();
    }

    /** The note as UTF-8 bytes, for sending over the wire. */
    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a note, strictly: anything not in the format, more than {@value #MAX_SIGNATURES} signatures or more than
     * {@value #MAX_NOTE_BYTES} bytes is an {@link IllegalArgumentException} naming what is wrong.
     */
    public static SignedNote parse(String note) {
        // UTF-8 is never shorter than UTF-16 in chars, so this rejects oversized input before scanning it.
        if (note.length() > MAX_NOTE_BYTES || NoteText.utf8Length(note) > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("a note may be at most " + MAX_NOTE_BYTES + " bytes long");
        }
        NoteText.requireNoteCharacters(note, "note");
        int blankLine = note.lastIndexOf("\n\n");
        if (blankLine < 0) {
            throw new IllegalArgumentException("no blank line separates the note text from its signatures");
        }
        String text = note.substring(0, blankLine + 1);
        String signatureBlock = note.substring(blankLine + 2);
        if (signatureBlock.isEmpty()) {
            throw new IllegalArgumentException("the note has no signature lines");
        }
        if (!signatureBlock.endsWith("\n")) {
            throw new IllegalArgumentException("the last signature line does not end with a newline");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        int start = 0;
        while (start < signatureBlock.length()) {
            if (signatures.size() == MAX_SIGNATURES) {
                throw new IllegalArgumentException("a note may carry at most " + MAX_SIGNATURES + " signatures");
            }
            int end = signatureBlock.indexOf('\n', start);
            signatures.add(NoteSignature.parseLine(signatureBlock.substring(start, end)));
            start = end + 1;
        }
        return new SignedNote(text, signatures);
    }

    /** Parses a note from UTF-8 bytes, refusing malformed UTF-8 rather than replacing it. */
    public static SignedNote parse(byte[] utf8) {
        if (utf8.length > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("a note may be at most " + MAX_NOTE_BYTES + " bytes long");
        }
        try {
            return parse(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("note is not valid UTF-8", e);
        }
    }
}
