package dev.palisade.audit;

/** Bounds for the text fields of audit records, so that a record always fits its leaf encoding. */
final class AuditText {

    private AuditText() {}

    static void require(String field, String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be 1 to " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters");
            }
        }
    }
}
