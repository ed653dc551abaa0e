package dev.palisade.protocol.tuf;

/**
 * Carries a refusal from deep in parsing or verification up to the public entry points, which turn it into a refusal
 * value. It never leaves the package's public API.
 */
final class TufException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RefusalReason reason;

    TufException(RefusalReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    RefusalReason reason() {
        return reason;
    }

    /** The human-readable explanation. */
    String detail() {
        String message = getMessage();
        return message == null ? reason.name() : message;
    }
}
