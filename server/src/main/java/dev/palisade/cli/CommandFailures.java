package dev.palisade.cli;

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
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
