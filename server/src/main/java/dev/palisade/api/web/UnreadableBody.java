package dev.palisade.api.web;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Explains why a request body could not be read, naming the field (as a JSON path such as {@code items[2].name})
 * without echoing the client's data back.
 */
record UnreadableBody(String code, String detail, @Nullable String field) {

    static UnreadableBody explain(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimit.BodyTooLargeException tooLarge) {
                return new UnreadableBody("request.too-large", String.valueOf(tooLarge.getMessage()), null);
            }
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return explain(jackson);
            }
        }
        return new UnreadableBody("request.missing-body", "a JSON request body is required", null);
    }

    private static UnreadableBody explain(JacksonException e) {
        String field = path(e.getPath());
        return switch (e) {
            case UnrecognizedPropertyException unknown ->
                new UnreadableBody("request.unknown-field", "unknown field '" + field + "'", field);
            case InvalidNullException nullValue ->
                new UnreadableBody("request.invalid-field", "'" + field + "' must not be null", field);
            case ValueInstantiationException invalid ->
                new UnreadableBody(
                        "request.invalid-field", "'" + field + "' is invalid", field.isEmpty() ? null : field);
            case MismatchedInputException wrongType
            when !field.isEmpty() ->
                new UnreadableBody("request.wrong-type", "'" + field + "' has the wrong type", field);
            case MismatchedInputException wrongShape ->
                new UnreadableBody("request.wrong-type", "the request body must be a JSON object", null);
            case StreamReadException syntax ->
                new UnreadableBody(
                        "request.malformed-json", "the request body is not valid JSON", field.isEmpty() ? null : field);
            default -> new UnreadableBody("request.malformed-json", "the request body could not be read", null);
        };
    }

    private static String path(List<JacksonException.Reference> references) {
        return references.stream()
                .map(reference -> reference.getPropertyName() != null
                        ? "." + reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
