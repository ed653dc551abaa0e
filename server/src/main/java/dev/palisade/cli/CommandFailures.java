package dev.palisade.cli;

import org.springframework.beans.BeansException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failed command as one clear line instead of a stack trace; {@code PALISADE_DEBUG=1} shows the trace.
 */
final class CommandFailures implements IExecutionExceptionHandler {

    static final int FAILED = 2;

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        var err = command.getErr();
        err.println(command.getColorScheme().errorText("palisade: " + message(failure)));
        if ("1".equals(System.getenv("PALISADE_DEBUG"))) {
            failure.printStackTrace(err);
        }
        err.flush();
        return failure instanceof ApiClient.ApiFailure api ? api.exitCode() : FAILED;
    }

    private static String message(Throwable failure) {
        Throwable cause = failure;
        // A server that fails to start fails inside Spring, which wraps the reason (a wrong PKCS#11 PIN, a database
        // that refuses) in bean-wiring exceptions whose outermost message is only "Unable to start web server".
        // The operator needs the reason, which names the setting to fix.
        while (cause instanceof BeansException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
