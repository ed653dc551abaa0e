package dev.palisade.agent.ota;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.palisade.agent.Tls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The device endpoint's OTA side as the server will serve it: TLS 1.3 with a required client certificate, TUF metadata
 * under {@code /device/v1/tuf/}, blobs by SHA-256 under {@code /device/v1/ota/blobs/sha256/} with single byte ranges.
 * Hooks make it misbehave.
 */
@SuppressForbidden("the JDK's HTTPS server is the simplest real HTTPS peer for a test")
final class OtaTestServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    final Map<String, byte[]> metadata = new ConcurrentHashMap<>();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** Deltas by {@code <from sha256>/<to sha256>}. */
    final Map<String, byte[]> deltas = new ConcurrentHashMap<>();
    /** Each request: path, then the Range header or "-", then the client certificate's subject. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** When positive, the next blob response breaks off after this many body bytes. */
    final AtomicLong dropAfter = new AtomicLong(-1);
    /** When set, blob responses never end. */
    volatile boolean endless;

    final AtomicLong blobBytesSent = new AtomicLong();
    private final HttpsServer server;

    OtaTestServer(TestPki pki) throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pki.serverKey.getPrivate(), new char[0], new X509Certificate[] {pki.server});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, new char[0]);
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {Tls.trusting(pki.root)}, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new ClientCertificateRequired(context));
        server.createContext("/device/v1/tuf/", this::metadata);
        server.createContext("/device/v1/ota/blobs/sha256/", this::blob);
        server.createContext("/device/v1/ota/deltas/", this::delta);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI endpoint() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    void putBlob(byte[] content) {
        blobs.put(HexFormat.of().formatHex(Digest.sha256(content)), content);
    }

    List<String> blobRequests() {
        return requests.stream().filter(r -> r.contains("/blobs/")).toList();
    }

    private void record(HttpExchange exchange) throws IOException {
        String subject = ((X509Certificate)
                        ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0])
                .getSubjectX500Principal()
                .getName();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(exchange.getRequestURI().getPath() + " " + (range == null ? "-" : range) + " " + subject);
    }

    private void metadata(HttpExchange exchange) throws IOException {
        try (exchange) {
            record(exchange);
            String name = exchange.getRequestURI().getPath().substring("/device/v1/tuf/".length());
            byte[] bytes = metadata.get(name);
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void delta(HttpExchange exchange) throws IOException {
        try (exchange) {
            record(exchange);
            byte[] bytes = deltas.get(exchange.getRequestURI().getPath().substring("/device/v1/ota/deltas/".length()));
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void blob(HttpExchange exchange) throws IOException {
        try (exchange) {
            record(exchange);
            String hex = exchange.getRequestURI().getPath().substring("/device/v1/ota/blobs/sha256/".length());
            byte[] bytes = blobs.get(hex);
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            OutputStream body = exchange.getResponseBody();
            if (endless) {
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = new byte[16 * 1024];
                for (long sent = 0; sent < 256L * 1024 * 1024; sent += chunk.length) {
                    body.write(chunk);
                    blobBytesSent.addAndGet(chunk.length);
                }
                return;
            }
            int start = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
            Matcher matcher = RANGE.matcher(range == null ? "" : range);
            boolean ranged = matcher.matches() && ("\"" + hex + "\"").equals(ifRange);
            if (ranged) {
                start = Integer.parseInt(matcher.group(1));
                if (start >= bytes.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders()
                        .set("Content-Range", "bytes " + start + "-" + (bytes.length - 1) + "/" + bytes.length);
                exchange.sendResponseHeaders(206, bytes.length - start);
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
            }
            long drop = dropAfter.getAndSet(-1);
            int end = drop > 0 ? (int) Math.min(bytes.length, start + drop) : bytes.length;
            body.write(bytes, start, end - start);
            body.flush();
            blobBytesSent.addAndGet(end - start);
            if (end < bytes.length) {
                // break the connection mid-body, as a lost network would
                throw new IOException("dropped on purpose");
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** TLS 1.3 only, and a client certificate required, as on the device endpoint. */
    @SuppressForbidden("the JDK's HTTPS server is the simplest real HTTPS peer for a test")
    private static final class ClientCertificateRequired extends HttpsConfigurator {

        private final SSLContext context;

        ClientCertificateRequired(SSLContext context) {
            super(context);
            this.context = context;
        }

        @Override
        public void configure(HttpsParameters parameters) {
            var ssl = context.getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            ssl.setProtocols(new String[] {"TLSv1.3"});
            parameters.setSSLParameters(ssl);
        }
    }
}
