package dev.palisade.shared.problem;

import java.util.regex.Pattern;

/**
 * A refusal with a stable code (for example {@code tenancy.token.not-found}) and a human-readable detail. The detail
 * goes to the caller, so it never carries secrets or data of another tenant.
 */
public abstract sealed class PalisadeException extends RuntimeException
        permits NotFoundException, ConflictException, ForbiddenException, InvalidInputException, TooLargeException {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private final String code;

    protected PalisadeException(String code, String detail) {
        super(detail);
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("problem code must be dotted lower-case words: " + code);
        }
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String detail() {
        String message = getMessage();
        return message == null ? code : message;
    }
}
