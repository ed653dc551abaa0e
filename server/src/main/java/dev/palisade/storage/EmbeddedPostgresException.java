package dev.palisade.storage;

import org.jspecify.annotations.Nullable;

/**
 * The embedded PostgreSQL could not be prepared, started, attached to or stopped. The message says what to do about
 * it; for start-up failures it ends with the tail of {@code postgres.log}.
 */
public class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedPostgresException(String message) {
        super(message);
    }

    public EmbeddedPostgresException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
