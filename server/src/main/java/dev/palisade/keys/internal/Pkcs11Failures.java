package dev.palisade.keys.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what went wrong out of the JDK's PKCS#11 exceptions. The provider wraps the module's return value (such as
 * {@code CKR_PIN_INCORRECT}) several causes deep, in an exception class of a package the JDK does not export; its
 * message, the name of the return value, is the stable part.
 */
final class Pkcs11Failures {

    private static final Pattern RETURN_VALUE = Pattern.compile("CKR_[A-Z0-9_]+");

    private Pkcs11Failures() {}

    /** The first PKCS#11 return value named along the chain of causes, such as {@code CKR_SLOT_ID_INVALID}. */
    static Optional<String> returnValue(Throwable failure) {
        for (@Nullable Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                Matcher matcher = RETURN_VALUE.matcher(message);
                if (matcher.find()) {
                    return Optional.of(matcher.group());
                }
            }
        }
        return Optional.empty();
    }

    /** The message of the innermost cause that has one: the JDK's outer messages are mostly "Initialization failed". */
    static String rootMessage(Throwable failure) {
        @Nullable String message = failure.getMessage();
        for (@Nullable Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message != null ? message : failure.getClass().getSimpleName();
    }
}
