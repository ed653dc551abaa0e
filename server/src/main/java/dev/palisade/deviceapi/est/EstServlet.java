package dev.palisade.deviceapi.est;

import dev.palisade.api.web.BodySizeLimit;
import dev.palisade.shared.problem.PalisadeException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Routes {@code /.well-known/est/[label/]operation} to {@link EstEndpoint} and writes its answers, refusals included,
 * in EST's plain-text form.
 *
 * <p>A plain servlet rather than Spring MVC: every device's first contact and every renewal arrives here on a new TLS
 * connection, and MVC's request mapping, argument resolution and return-value handling cost about a fifth of the
 * request's server time (see docs/BENCHMARKS.md, PKI). The filters in front of every servlet (request ids, port
 * routing, body size) still apply.
 */
final class EstServlet extends HttpServlet {

    static final String PREFIX = "/.well-known/est/";

    /**
     * Far above any certificate request the CSR policy would take (16 KiB by default, in base64 with line breaks); the
     * CSR policy gives the precise refusal below this.
     */
    static final int MAX_BODY = 1024 * 1024;

    private static final Map<String, String> METHODS = Map.of(
            "cacerts", "GET",
            "csrattrs", "GET",
            "simpleenroll", "POST",
            "simplereenroll", "POST");

    private final transient EstEndpoint endpoint;

    EstServlet(EstEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A request's label (or null) and operation, as named by its path. */
    record Route(@Nullable String label, String operation) {

        /** The route named by {@code path}, or null when the path names no EST operation. */
        static @Nullable Route of(String path) {
            if (!path.startsWith(PREFIX)) {
                return null;
            }
            List<String> segments = List.of(path.substring(PREFIX.length()).split("/", -1));
            String operation = segments.getLast();
            if (!METHODS.containsKey(operation) || segments.size() > 2) {
                return null;
            }
            if (segments.size() == 1) {
                return new Route(null, operation);
            }
            String label = segments.getFirst();
            return label.isEmpty() ? null : new Route(label, operation);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = Route.of(request.getRequestURI());
        if (route == null) {
            write(response, EstEndpoint.plain(HttpStatus.NOT_FOUND, "no such EST operation"));
            return;
        }
        String method = METHODS.get(route.operation());
        boolean head = "HEAD".equals(request.getMethod()) && "GET".equals(method);
        if (!head && !request.getMethod().equals(method)) {
            response.setHeader("Allow", method);
            write(response, EstEndpoint.plain(HttpStatus.METHOD_NOT_ALLOWED, route.operation() + " takes " + method));
            return;
        }
        ResponseEntity<String> answer;
        try {
            answer = answer(route, request);
        } catch (EstException e) {
            answer = EstEndpoint.refused(e);
        } catch (PalisadeException e) {
            answer = EstEndpoint.refused(e);
        } catch (BodySizeLimit.BodyTooLargeException e) {
            answer = tooLarge();
        }
        if (head) {
            answer = ResponseEntity.status(answer.getStatusCode())
                    .headers(answer.getHeaders())
                    .build();
        }
        write(response, answer);
    }

    private ResponseEntity<String> answer(Route route, HttpServletRequest request) throws IOException {
        return switch (route.operation()) {
            case "cacerts" -> endpoint.caCertificates(route.label(), request);
            case "csrattrs" -> endpoint.csrAttributes(route.label());
            case "simpleenroll" -> {
                byte @Nullable [] body = body(request);
                yield body == null ? tooLarge() : endpoint.enrol(route.label(), body, request);
            }
            case "simplereenroll" -> {
                byte @Nullable [] body = body(request);
                yield body == null ? tooLarge() : endpoint.reenrol(route.label(), body, request);
            }
            default -> throw new IllegalStateException("unrouted EST operation " + route.operation());
        };
    }

    /** The request body, or null when it is larger than {@link #MAX_BODY}. */
    private static byte @Nullable [] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            return body.length > MAX_BODY ? null : body;
        }
    }

    private static ResponseEntity<String> tooLarge() {
        return EstEndpoint.plain(
                HttpStatus.CONTENT_TOO_LARGE, "request.too-large: the body is larger than any certificate request");
    }

    private static void write(HttpServletResponse response, ResponseEntity<String> answer) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        String body = answer.getBody();
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
