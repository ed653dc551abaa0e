package dev.palisade.shared.problem;

/** Bad input, refused before anything is written. Names the offending field so that a client can point at it. */
public final class InvalidInputException extends PalisadeException {

    private final String field;

    public InvalidInputException(String field, String detail) {
        this("request.invalid-field", field, detail);
    }

    public InvalidInputException(String code, String field, String detail) {
        super(code, detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
