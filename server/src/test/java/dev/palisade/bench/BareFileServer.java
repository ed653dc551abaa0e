package dev.palisade.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The baseline of the download benchmark: a server that does nothing but answer GET requests for one file, with single
 * byte ranges, over kept-alive connections, copying the bytes through a buffer of the size Palisade's endpoint uses. No
 * servlet container, no authentication, no accounting: what the loopback and the TLS stack allow on this machine.
 */
final class BareFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("(?i)range:\\s*bytes=(\\d+)-(\\d+)");
    private static final int BUFFER = 64 * 1024;

    private final ServerSocket listener;
    private final Path file;
    private final long length;

    private BareFileServer(ServerSocket listener, Path file, long length) {
        this.listener = listener;
        this.file = file;
        this.length = length;
        Thread.ofPlatform().daemon().name("bare-file-server").start(this::accept);
    }

    static BareFileServer plain(Path file, long length) throws IOException {
        return new BareFileServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()), file, length);
    }

    /** Over TLS with {@code context}, which holds the server's identity; no client certificate is asked for. */
    static BareFileServer tls(SSLContext context, Path file, long length) throws IOException {
        return new BareFileServer(
                context.getServerSocketFactory().createServerSocket(0, 64, InetAddress.getLoopbackAddress()),
                file,
                length);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                connection.setTcpNoDelay(
                        true); // as Tomcat does: a response's head must not wait for an acknowledgement
                Thread.ofPlatform().daemon().name("bare-file-connection").start(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection;
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            for (String head = head(in); head != null; head = head(in)) {
                Matcher range = RANGE.matcher(head);
                long first = 0;
                long count = length;
                String status = "200 OK";
                String contentRange = "";
                if (range.find()) {
                    first = Long.parseLong(range.group(1));
                    long last = Math.min(length - 1, Long.parseLong(range.group(2)));
                    count = last - first + 1;
                    status = "206 Partial Content";
                    contentRange = "Content-Range: bytes " + first + "-" + last + "/" + length + "\r\n";
                }
                out.write(String.format(
                                Locale.ROOT,
                                "HTTP/1.1 %s\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n%s\r\n",
                                status,
                                count,
                                contentRange)
                        .getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < count; ) {
                    buffer.clear().limit((int) Math.min(BUFFER, count - sent));
                    int read = channel.read(buffer, first + sent);
                    out.write(buffer.array(), 0, read);
                    sent += read;
                }
                out.flush();
            }
        } catch (SocketException closedByTheClient) {
            // the client is done
        } catch (IOException e) {
            throw new IllegalStateException("the baseline server failed", e);
        }
    }

    /** The request's head up to the empty line, or null once the client closed the connection. */
    private static @Nullable String head(InputStream in) throws IOException {
        var head = new StringBuilder(128);
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                return head.toString();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
