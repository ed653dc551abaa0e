package dev.palisade.api.web;

import dev.palisade.api.ApiSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured size before anything reads them into memory: at once when the declared
 * Content-Length is too large, and while streaming for chunked bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimit extends OncePerRequestFilter {

    private static final String STREAMED_UPLOAD = "/api/v1/ota/artifacts";

    private final long maxBytes;
    private final ProblemWriter problems;

    BodySizeLimit(ApiSettings settings, ProblemWriter problems) {
        this.maxBytes = settings.maxBodySize().toBytes();
        this.problems = problems;
    }

    /**
     * Artifact uploads stream gigabytes to disk, never into memory; the OTA feature enforces its own limit on them
     * (413, nothing kept).
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && STREAMED_UPLOAD.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "request.too-large", message(), null);
            return;
        }
        chain.doFilter(new Limited(request, maxBytes), response);
    }

    private String message() {
        return "the request body is larger than " + maxBytes + " bytes";
    }

    /** Thrown while reading a body that turns out to be too large; mapped to a 400 problem. */
    public static final class BodyTooLargeException extends IOException {

        BodyTooLargeException(long maxBytes) {
            super("the request body is larger than " + maxBytes + " bytes");
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long maxBytes;

        Limited(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream delegate = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = delegate.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = delegate.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > maxBytes) {
                        throw new BodyTooLargeException(maxBytes);
                    }
                }

                @Override
                public boolean isFinished() {
                    return delegate.isFinished();
                }

                @Override
                public boolean isReady() {
                    return delegate.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    delegate.setReadListener(listener);
                }
            };
        }
    }
}
