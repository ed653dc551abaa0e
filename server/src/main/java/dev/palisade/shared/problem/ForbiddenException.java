package dev.palisade.shared.problem;

/** The caller is known but its role does not allow the action. */
public final class ForbiddenException extends PalisadeException {

    public ForbiddenException(String code, String detail) {
        super(code, detail);
    }
}
