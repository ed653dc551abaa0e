package dev.palisade.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.est.ESTClient;
import org.bouncycastle.est.ESTClientProvider;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTResponse;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;

/**
 * BouncyCastle's EST service, able to hear a 202 Accepted that carries a body. RFC 7030 4.2.3 lets the server add
 * "informative human-readable content" to a 202 (Palisade names its reason: {@code provisioning.attestation-required:
 * ...}), but BouncyCastle's client reads none of it and then fails to close a response it did not read to its end.
 * Here every 202's body is read (and kept, for the device to say why it waits) before the client closes it.
 */
final class EstServiceBuilder extends JsseESTServiceBuilder {

    private static final int MAX_ACCEPTED_BODY = 4096;

    private final AtomicReference<String> acceptedBody = new AtomicReference<>("");

    EstServiceBuilder(String host, int port, X509TrustManager trust) {
        super(host, port, trust);
    }

    @Override
    public ESTService build() {
        super.build(); // makes BouncyCastle's own client provider, from the TLS settings given
        ESTClientProvider made = clientProvider;
        clientProvider = new ESTClientProvider() {
            @Override
            public ESTClient makeClient() throws ESTException {
                ESTClient client = made.makeClient();
                return request -> readAccepted(client.doRequest(request));
            }

            @Override
            public boolean isTrusted() {
                return made.isTrusted();
            }
        };
        return super.build();
    }

    /** The body of the last 202 answer, stripped; empty when there was none. */
    String acceptedBody() {
        return acceptedBody.get();
    }

    private ESTResponse readAccepted(ESTResponse response) throws IOException {
        if (response.getStatusCode() == 202) {
            byte[] body = response.getInputStream().readAllBytes();
            String text = new String(body, 0, Math.min(body.length, MAX_ACCEPTED_BODY), StandardCharsets.UTF_8);
            acceptedBody.set(text.strip());
        }
        return response;
    }
}
