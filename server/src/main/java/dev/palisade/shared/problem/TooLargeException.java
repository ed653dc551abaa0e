package dev.palisade.shared.problem;

/**
 * The request carries more than the server accepts, such as an update artifact over the configured size limit; answered
 * with 413. Refused before (or while) reading, and nothing is kept.
 */
public final class TooLargeException extends PalisadeException {

    public TooLargeException(String code, String detail) {
        super(code, detail);
    }
}
