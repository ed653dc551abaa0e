package dev.palisade.keys;

/** The key store could not be read, written or used; the message says which store and why, never key material. */
public class KeyCustodyException extends RuntimeException {

    public KeyCustodyException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyCustodyException(String message) {
        super(message);
    }
}
