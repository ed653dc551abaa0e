package dev.palisade.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors that happen outside Spring MVC (in the servlet container or a filter) with problem details too,
 * replacing Spring Boot's default error page; nothing about the failure's internals is revealed.
 */
@RestController
public class ErrorEndpoint implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        String problemCode = switch (status) {
            case NOT_FOUND -> "request.not-found";
            case BAD_REQUEST -> "request.malformed";
            case METHOD_NOT_ALLOWED -> "request.method-not-allowed";
            default -> status.is4xxClientError() ? "request.refused" : "server.internal-error";
        };
        return ProblemAdvice.problem(status, problemCode, status.getReasonPhrase(), null, request);
    }
}
