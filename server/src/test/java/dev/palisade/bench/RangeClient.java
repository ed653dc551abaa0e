package dev.palisade.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A download client that asks for a file in byte ranges over one kept-alive HTTP/1.1 connection, as a device resuming
 * an update does, and reads each body to its end. Minimal on purpose: the same client measures the bare servers of the
 * baseline and Palisade, so that the difference between the figures is the server's.
 */
final class RangeClient implements AutoCloseable {

    private static final int BUFFER = 256 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;
    private final byte[] buffer = new byte[BUFFER];

    private RangeClient(Socket socket, int port) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        this.out = socket.getOutputStream();
        this.host = "localhost:" + port;
    }

    static RangeClient plain(int port) throws IOException {
        return new RangeClient(socket(port), port);
    }

    /** Over TLS with {@code context} (which carries the client's identity, if any). */
    static RangeClient tls(SSLContext context, int port) throws IOException {
        Socket plain = socket(port);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        socket.startHandshake();
        return new RangeClient(socket, port);
    }

    private static Socket socket(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true); // a request is one small write: it must not wait for the previous answer's ack
        return socket;
    }

    /** The negotiated TLS version and cipher suite, or "plain". */
    String protocol() {
        return socket instanceof SSLSocket tls
                ? tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite()
                : "plain";
    }

    /**
     * Downloads {@code length} bytes of {@code path} in ranges of {@code chunk} bytes, or in one request without a
     * Range header when {@code chunk} is zero; feeds the bytes to {@code digest} when there is one.
     *
     * @return the bytes of the bodies read
     */
    long download(String path, long length, long chunk, @Nullable MessageDigest digest) throws IOException {
        if (chunk <= 0) {
            return request(path, null, 200, digest);
        }
        long received = 0;
        for (long first = 0; first < length; first += chunk) {
            long last = Math.min(length, first + chunk) - 1;
            received += request(path, "bytes=" + first + "-" + last, 206, digest);
        }
        return received;
    }

    private long request(String path, @Nullable String range, int expectedStatus, @Nullable MessageDigest digest)
            throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (range == null ? "" : "Range: " + range + "\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.1 " + expectedStatus)) {
            throw new IOException("expected " + expectedStatus + " for " + path + " " + range + ", got " + status);
        }
        long contentLength = -1;
        for (String header = line(); !header.isEmpty(); header = line()) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                contentLength = Long.parseLong(
                        header.substring("content-length:".length()).strip());
            }
        }
        if (contentLength < 0) {
            throw new IOException("no Content-Length in the answer for " + path);
        }
        for (long left = contentLength; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("the connection ended " + left + " bytes before the body's end");
            }
            if (digest != null) {
                digest.update(buffer, 0, read);
            }
            left -= read;
        }
        return contentLength;
    }

    private String line() throws IOException {
        var line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the connection ended within the answer's head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
