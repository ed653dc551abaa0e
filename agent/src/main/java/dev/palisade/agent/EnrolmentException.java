package dev.palisade.agent;

/** EST enrolment did not produce a certificate; the message says why, as the device would log it. */
public sealed class EnrolmentException extends Exception permits EnrolmentPending {

    private static final long serialVersionUID = 1L;

    public EnrolmentException(String message, Throwable cause) {
        super(message, cause);
    }

    public EnrolmentException(String message) {
        super(message);
    }
}
