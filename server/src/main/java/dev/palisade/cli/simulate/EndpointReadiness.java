package dev.palisade.cli.simulate;

import dev.palisade.agent.Tls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** Waits for a server's device-facing endpoints, which get their certificates moments after a first start. */
public final class EndpointReadiness {

    private EndpointReadiness() {}

    /** Waits (up to two minutes) until {@code port} completes a TLS handshake with a certificate chaining to {@code root}. */
    public static void awaitTls(String host, int port, X509Certificate root, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                SSLContext context = SSLContext.getInstance("TLSv1.3");
                context.init(null, new TrustManager[] {Tls.trusting(root)}, null);
                try (var socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
                    socket.startHandshake();
                    return;
                }
            } catch (IOException | GeneralSecurityException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the " + what + " at " + host + ":" + port + " is not ready", notYet);
                }
                Thread.sleep(250);
            }
        }
    }
}
