package dev.palisade.bench;

import dev.palisade.agent.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.conscrypt.TrustManagerImpl;
import org.jspecify.annotations.Nullable;

/**
 * Devices enrolling over EST: each enrolment is a new TLS 1.3 connection authenticated by the device's bootstrap
 * certificate, one {@code simpleenroll} request, and the response read to its end. A minimal HTTP/1.1 client on a
 * plain {@link SSLSocket}, so that the load generator spends as little of the shared CPU as it can.
 */
final class EstLoad {

    /** A device's TLS client identity. */
    record ClientIdentity(PrivateKey key, X509Certificate[] chain) {}

    private final int port;
    private final @Nullable Provider tlsProvider;
    private final TrustManager[] trust;

    EstLoad(int port, X509Certificate root, @Nullable Provider tlsProvider) throws GeneralSecurityException {
        this.port = port;
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        anchors.setCertificateEntry("root", root);
        this.tlsProvider = tlsProvider;
        if (tlsProvider == null) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            trust = factory.getTrustManagers();
        } else {
            // the JDK's trust manager does not know the authentication type Conscrypt reports for TLS 1.3
            trust = new TrustManager[] {new TrustManagerImpl(anchors)};
        }
    }

    /**
     * A device's own TLS stack: a context of its own, so that no session of another device is ever resumed (a
     * resumed session carries the identity of the device that established it).
     */
    private SSLContext contextOf(ClientIdentity identity) throws GeneralSecurityException {
        SSLContext context = tlsProvider == null
                ? SSLContext.getInstance("TLSv1.3")
                : SSLContext.getInstance("TLSv1.3", tlsProvider);
        context.init(
                new KeyManager[] {Tls.presenting(identity.key(), List.of(identity.chain()))},
                trust,
                new SecureRandom());
        return context;
    }

    /** Enrols with {@code identity}'s certificate; returns the response body (base64 PKCS#7) or throws. */
    String enrol(ClientIdentity identity, byte[] csr) throws IOException, GeneralSecurityException {
        byte[] body = Base64.getMimeEncoder().encode(csr);
        String head = "POST /.well-known/est/simpleenroll HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Content-Type: application/pkcs10\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket plain = new Socket("localhost", port);
                SSLSocket socket = (SSLSocket)
                        contextOf(identity).getSocketFactory().createSocket(plain, "localhost", port, true)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = readAll(socket.getInputStream());
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IOException("enrolment refused: " + response.replace("\r\n", " | "));
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    /**
     * The same connection, authenticated the same way, asking only for {@code /cacerts}: what a device's first contact
     * costs before it enrols, the ceiling an enrolment is measured against.
     */
    String caCertificates(ClientIdentity identity, String label) throws IOException, GeneralSecurityException {
        String head = "GET /.well-known/est/" + label + "/cacerts HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket plain = new Socket("localhost", port);
                SSLSocket socket = (SSLSocket)
                        contextOf(identity).getSocketFactory().createSocket(plain, "localhost", port, true)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(socket.getInputStream());
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IOException("cacerts refused: " + response.replace("\r\n", " | "));
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream(2048);
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    static X509Certificate[] chain(X509Certificate leaf, List<X509Certificate> issuers) {
        X509Certificate[] chain = new X509Certificate[issuers.size() + 1];
        chain[0] = leaf;
        for (int i = 0; i < issuers.size(); i++) {
            chain[i + 1] = issuers.get(i);
        }
        return chain;
    }
}
