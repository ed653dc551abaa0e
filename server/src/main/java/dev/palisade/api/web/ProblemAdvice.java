package dev.palisade.api.web;

import dev.palisade.policy.PolicyDocumentException;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.shared.problem.PalisadeException;
import dev.palisade.shared.problem.TooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become RFC 9457 problem details. Expected refusals carry their feature's stable code;
 * anything unexpected is logged with its stack trace here and reaches the client only as a request id to quote.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(PalisadeException.class)
    ResponseEntity<ProblemDetail> refused(PalisadeException e, HttpServletRequest request) {
        HttpStatus status = switch (e) {
            case NotFoundException notFound -> HttpStatus.NOT_FOUND;
            case ConflictException conflict -> HttpStatus.CONFLICT;
            case ForbiddenException forbidden -> HttpStatus.FORBIDDEN;
            case InvalidInputException invalid -> HttpStatus.BAD_REQUEST;
            case TooLargeException tooLarge -> HttpStatus.CONTENT_TOO_LARGE;
        };
        String field = e instanceof InvalidInputException invalid ? invalid.field() : null;
        return problem(status, e.code(), e.detail(), field, request);
    }

    /** A refused policy document: the problem says where, so that an editor can point at it. */
    @ExceptionHandler(PolicyDocumentException.class)
    ResponseEntity<ProblemDetail> refusedPolicy(PolicyDocumentException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), null, request);
        problem.setProperty("pointer", e.pointer());
        e.line().ifPresent(line -> problem.setProperty("line", line));
        e.column().ifPresent(column -> problem.setProperty("column", column));
        e.patternOffset().ifPresent(offset -> problem.setProperty("patternOffset", offset));
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        UnreadableBody reason = UnreadableBody.explain(e);
        return problem(HttpStatus.BAD_REQUEST, reason.code(), reason.detail(), reason.field(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "request.invalid-parameter",
                "'" + e.getName() + "' is not a valid value for this parameter",
                e.getName(),
                request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(
            MissingServletRequestParameterException e, HttpServletRequest request) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "request.missing-parameter",
                "parameter '" + e.getParameterName() + "' is required",
                e.getParameterName(),
                request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "request.missing-header",
                "header '" + e.getHeaderName() + "' is required",
                e.getHeaderName(),
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(
                HttpStatus.METHOD_NOT_ALLOWED,
                "request.method-not-allowed",
                e.getMethod() + " is not supported here",
                null,
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> wrongMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "request.unsupported-media-type",
                "request bodies must be application/json",
                null,
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(
                HttpStatus.NOT_ACCEPTABLE, "request.not-acceptable", "responses are application/json", null, request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noSuchPath(NoResourceFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "request.not-found", "no such endpoint", null, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error(
                "Request {} {} failed (request id {})",
                request.getMethod(),
                request.getRequestURI(),
                RequestIds.of(request),
                e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "server.internal-error",
                "the server could not complete the request; quote the request id when reporting it",
                null,
                request);
    }

    static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String code, String detail, @Nullable String field, HttpServletRequest request) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, code, detail, field, request));
    }
}
