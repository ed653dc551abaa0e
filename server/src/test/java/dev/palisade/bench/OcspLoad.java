package dev.palisade.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One relying party asking the OCSP responder over a kept-alive HTTP/1.1 connection, as a busy TLS server stapling
 * responses would: POST {@code application/ocsp-request}, read the response to its announced length.
 */
final class OcspLoad implements AutoCloseable {

    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final String path;
    private final int port;

    OcspLoad(int port, String path) throws IOException {
        this.port = port;
        this.path = path;
        this.socket = new Socket();
        this.out = OutputStream.nullOutputStream();
        this.in = InputStream.nullInputStream();
        connect();
    }

    private void connect() throws IOException {
        socket.close();
        socket = new Socket("localhost", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    /** Sends {@code request} and returns the response body; throws unless the status is 200. */
    byte[] ask(byte[] request) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Content-Type: application/ocsp-request\r\n"
                + "Content-Length: " + request.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(request);
        out.flush();
        String status = line();
        int length = -1;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(
                        lower.substring("content-length:".length()).trim());
            }
            closing |= lower.equals("connection: close");
        }
        if (length < 0) {
            throw new IOException("no content length in the OCSP response (" + status + ")");
        }
        byte[] body = in.readNBytes(length);
        if (closing) { // the server ends the connection after this response, as HTTP/1.1 servers may
            connect();
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("OCSP request failed: " + status);
        }
        return body;
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the responder closed the connection");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
