package dev.palisade.policy;

import java.util.OptionalInt;

/**
 * A policy document or pattern was refused. It says what ({@link #error()}, with its stable {@link #code()}), where in
 * the document as a JSON pointer ({@link #pointer()}, for example {@code /statements/2/resources/0}; empty for the
 * whole document), and, when known, the line and column in the JSON text and the character offset within the pattern
 * (counted in UTF-16 code units from 0, which is the character count for text outside the supplementary planes).
 */
public final class PolicyDocumentException extends RuntimeException {

    private static final int UNKNOWN = -1;

    private final PolicyDocumentError error;
    private final String pointer;
    private final int patternOffset;
    private final int line;
    private final int column;

    private PolicyDocumentException(
            PolicyDocumentError error, String detail, String pointer, int patternOffset, int line, int column) {
        super(detail);
        this.error = error;
        this.pointer = pointer;
        this.patternOffset = patternOffset;
        this.line = line;
        this.column = column;
    }

    /** A refusal of the whole document, or of a pattern checked on its own, with no position yet. */
    public static PolicyDocumentException of(PolicyDocumentError error, String detail) {
        return new PolicyDocumentException(error, detail, "", UNKNOWN, UNKNOWN, UNKNOWN);
    }

    /** A refusal of a pattern at character {@code offset} within it. */
    public static PolicyDocumentException inPattern(PolicyDocumentError error, String detail, int offset) {
        return new PolicyDocumentException(error, detail, "", offset, UNKNOWN, UNKNOWN);
    }

    /** The same refusal placed in a document: at {@code pointer}, on {@code line} and {@code column} (from 1). */
    public PolicyDocumentException at(String pointer, int line, int column) {
        return new PolicyDocumentException(error, getMessage(), pointer, patternOffset, line, column);
    }

    /** The same refusal at {@code pointer}, with no position in the text (a document built in code). */
    public PolicyDocumentException at(String pointer) {
        return new PolicyDocumentException(error, getMessage(), pointer, patternOffset, line, column);
    }

    public PolicyDocumentError error() {
        return error;
    }

    /** The stable code, for example {@code policy.document.unknown-action}. */
    public String code() {
        return error.code();
    }

    /** Where in the document, as an RFC 6901 JSON pointer; the empty string means the whole document. */
    public String pointer() {
        return pointer;
    }

    /** For a refused pattern, the offset of the offending character within it. */
    public OptionalInt patternOffset() {
        return patternOffset < 0 ? OptionalInt.empty() : OptionalInt.of(patternOffset);
    }

    /** The line in the JSON text (from 1), when the document was parsed from text. */
    public OptionalInt line() {
        return line < 0 ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /** The column in the JSON text (from 1), when the document was parsed from text. */
    public OptionalInt column() {
        return column < 0 ? OptionalInt.empty() : OptionalInt.of(column);
    }

    /** The detail for a human. */
    @Override
    public String getMessage() {
        return String.valueOf(super.getMessage());
    }
}
