package dev.palisade.shared.problem;

/** The thing does not exist, or exists in a place the caller may not see: callers cannot tell the two apart. */
public final class NotFoundException extends PalisadeException {

    public NotFoundException(String code, String detail) {
        super(code, detail);
    }
}
