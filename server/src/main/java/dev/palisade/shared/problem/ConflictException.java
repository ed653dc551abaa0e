package dev.palisade.shared.problem;

/** The request is well-formed but collides with the current state, such as a name that is already taken. */
public final class ConflictException extends PalisadeException {

    public ConflictException(String code, String detail) {
        super(code, detail);
    }
}
