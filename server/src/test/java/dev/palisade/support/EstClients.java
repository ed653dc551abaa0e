package dev.palisade.support;

import static org.awaitility.Awaitility.await;

import dev.palisade.agent.Tls;
import dev.palisade.pki.x509.PemText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.util.Store;
import org.jspecify.annotations.Nullable;

/**
 * Clients of the device endpoint as a device runs them: BouncyCastle's EST client ({@code org.bouncycastle.est}), and
 * the JDK's HttpClient for requests no well-behaved EST client would send. Both trust nothing but the offline root
 * and, given a {@link Credential}, present it as their TLS client certificate whatever issuers the server announces.
 */
public final class EstClients {

    private static final String HOST = "localhost";

    private EstClients() {}

    /**
     * Whether {@code failure} is the device endpoint ending the connection in TLS. That is a TLS alert, or a connection
     * closed under the client: in TLS 1.3 the server judges the client's certificate after the client has finished
     * its side of the handshake, so a client that writes its request at once may find the socket closed (a broken
     * pipe, a reset) before it reads the alert.
     */
    public static boolean endedInTls(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    /** A device's key and the chain it presents with it: its certificate first, then the issuing CA's. */
    public record Credential(PrivateKey key, List<X509Certificate> chain) {

        public Credential {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a credential needs its certificate");
            }
        }

        public X509Certificate certificate() {
            return chain.getFirst();
        }
    }

    /** The offline root's certificate in {@code dataDir}: the one trust anchor of devices. */
    public static X509Certificate root(Path dataDir) {
        try {
            return PemText.parseCertificates(Files.readString(
                            dataDir.resolve("offline-root/root-certificate.pem"), StandardCharsets.US_ASCII))
                    .getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** BouncyCastle's EST client for {@code /.well-known/est/[label/]}, authenticated by {@code credential} if given. */
    public static ESTService est(
            int port, @Nullable String label, X509Certificate root, @Nullable Credential credential) {
        var builder = new JsseESTServiceBuilder(HOST, port, trusting(root)).withTLSVersion("TLSv1.3");
        if (credential != null) {
            builder.withKeyManager(Tls.presenting(credential.key(), credential.chain()));
        }
        if (label != null) {
            builder.withLabel(label);
        }
        return builder.build();
    }

    /** The JDK's HTTP/1.1 client with the same trust and client certificate as {@link #est}. */
    public static HttpClient http(X509Certificate root, @Nullable Credential credential) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls(root, credential))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The certificates of an EST response, in the order the server sent them. */
    public static List<X509Certificate> certificates(Store<X509CertificateHolder> store) {
        var converter = new JcaX509CertificateConverter();
        return store.getMatches(null).stream()
                .map(holder -> {
                    try {
                        return converter.getCertificate(holder);
                    } catch (CertificateException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /**
     * Waits until the offline root exists in {@code dataDir} and the device endpoint completes a handshake with a
     * certificate chaining to it, and returns the root. On a first start the root and the endpoint's certificate are
     * made moments after the server is up.
     */
    public static X509Certificate awaitDeviceEndpoint(int port, Path dataDir) {
        return await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(
                        () -> {
                            X509Certificate root = root(dataDir);
                            try (var socket = (SSLSocket)
                                    tls(root, null).getSocketFactory().createSocket(HOST, port)) {
                                socket.startHandshake();
                            }
                            return root;
                        },
                        root -> true);
    }

    /**
     * The issuers the device endpoint names in its certificate request (TLS 1.3 {@code certificate_authorities}), as a
     * client that has no certificate to offer sees them.
     */
    public static List<Principal> announcedIssuers(int port, X509Certificate root) throws IOException {
        var recorder = new IssuerRecorder();
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {recorder}, new X509TrustManager[] {trusting(root)}, null);
            try (var socket = (SSLSocket) context.getSocketFactory().createSocket(HOST, port)) {
                socket.startHandshake();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return recorder.issuers;
    }

    private static SSLContext tls(X509Certificate root, @Nullable Credential credential) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(
                    credential == null ? null : new KeyManager[] {Tls.presenting(credential.key(), credential.chain())},
                    new X509TrustManager[] {trusting(root)},
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509TrustManager trusting(X509Certificate root) {
        return RootTrust.manager(root);
    }

    /** Offers no certificate, and remembers which issuers the server asked for. */
    private static final class IssuerRecorder extends X509ExtendedKeyManager {

        private volatile List<Principal> issuers = List.of();

        @Override
        public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
            return null;
        }

        @Override
        public @Nullable String chooseClientAlias(
                String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
            this.issuers = issuers == null ? List.of() : List.of(issuers);
            return null;
        }

        @Override
        public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
            return null;
        }

        @Override
        public @Nullable String chooseServerAlias(
                String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
            return null;
        }

        @Override
        public X509Certificate @Nullable [] getCertificateChain(String alias) {
            return null;
        }

        @Override
        public @Nullable PrivateKey getPrivateKey(String alias) {
            return null;
        }
    }
}
