package dev.palisade.api.security;

import dev.palisade.api.web.ProblemWriter;
import dev.palisade.api.web.RequestIds;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.TokenAuthenticator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires a valid bearer token on every {@code /api/v1} request except the OpenAPI document. All authentication
 * failures look the same (401, one message) so that a caller cannot tell a malformed token from an expired or revoked
 * one; an address that keeps failing is refused with 429 before its tokens are even checked.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class TokenAuthentication extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TokenAuthentication.class);
    private static final String API = "/api/v1/";
    private static final String OPENAPI = "/api/v1/openapi.json";
    private static final String BEARER = "Bearer ";

    private final TokenAuthenticator authenticator;
    private final AuthenticationFailures failures;
    private final ProblemWriter problems;

    TokenAuthentication(TokenAuthenticator authenticator, AuthenticationFailures failures, ProblemWriter problems) {
        this.authenticator = authenticator;
        this.failures = failures;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith(API) || path.equals(OPENAPI);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (failures.blocked(address)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(failures.secondsUntilRetry(address)));
            problems.write(
                    request,
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "auth.too-many-failures",
                    "too many failed authentication attempts from this address; try again later",
                    null);
            return;
        }
        Optional<Caller> caller =
                bearerToken(request).flatMap(token -> authenticator.authenticate(token, RequestIds.of(request)));
        if (caller.isEmpty()) {
            failures.recordFailure(address);
            log.info(
                    "Refused unauthenticated request {} {} from {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    address);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"palisade\"");
            problems.write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "auth.unauthenticated",
                    "a valid API token is required",
                    null);
            return;
        }
        Callers.set(request, caller.get());
        chain.doFilter(request, response);
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }
}
