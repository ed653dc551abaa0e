package dev.palisade.broker.internal;

import dev.palisade.broker.BrokerSettings.TlsProvider;
import dev.palisade.keys.FastCrypto;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the broker's TLS listener Conscrypt (BoringSSL) instead of the JDK's TLS implementation. A handshake with a
 * client certificate costs about 4.5 ms of CPU in the JDK's implementation and a small fraction of that in BoringSSL
 * (docs/BENCHMARKS.md), and new connections are what a fleet coming back after an outage is made of.
 *
 * <p>HiveMQ CE builds its Netty context with the JDK provider hard-coded and asks the JCA for an {@code SSLContext}
 * "TLS" without naming a provider, so the only place to choose is the provider list. Putting Conscrypt first in it would
 * hand BoringSSL every unnamed lookup in the process (the operator API's TLS, digests, key factories, clients in the
 * same JVM). This provider instead sits first and answers one lookup only, "TLS" contexts asked for by HiveMQ's SSL
 * context factory, with Conscrypt's own service; it answers nothing to anyone else, so every other lookup goes on down
 * the list as before. HiveMQ rebuilds the context whenever its key or trust store changes, through the same factory.
 */
public final class BrokerTlsProvider extends Provider {

    private static final Logger log = LoggerFactory.getLogger(BrokerTlsProvider.class);
    private static final String NAME = "PalisadeBrokerTls";
    private static final String BROKER_FACTORY = "com.hivemq.security.ssl.SslContextFactory";
    private static final Set<String> PLATFORM_PACKAGES = Set.of("java.", "javax.", "sun.", "jdk.");
    private static final StackWalker STACK = StackWalker.getInstance();

    private final Provider conscrypt;
    private volatile boolean servedTheBroker;

    private BrokerTlsProvider(Provider conscrypt) {
        super(NAME, "1", "Conscrypt's TLS for the embedded MQTT broker's listener only");
        this.conscrypt = conscrypt;
    }

    /**
     * Makes the broker's listener use {@code choice} from its next context on. The choice holds for the whole JVM (there
     * is one provider list); with Conscrypt unavailable, the JDK's implementation serves.
     *
     * @return the implementation the broker will use
     */
    public static synchronized TlsProvider choose(TlsProvider choice) {
        if (choice == TlsProvider.JDK) {
            Security.removeProvider(NAME);
            log.info("The MQTT broker's TLS uses the JDK's implementation (palisade.broker.tls-provider=jdk)");
            return TlsProvider.JDK;
        }
        if (Security.getProvider(NAME) instanceof BrokerTlsProvider) {
            return TlsProvider.CONSCRYPT;
        }
        Provider conscrypt = FastCrypto.ecProvider();
        if (conscrypt == null || conscrypt.getService("SSLContext", "TLS") == null) {
            log.warn("Conscrypt is not available here: the MQTT broker's TLS uses the JDK's implementation");
            return TlsProvider.JDK;
        }
        Security.insertProviderAt(new BrokerTlsProvider(conscrypt), 1);
        log.info("The MQTT broker's TLS uses {}", FastCrypto.description());
        return TlsProvider.CONSCRYPT;
    }

    /**
     * Whether a Conscrypt context has been handed to the broker since it was chosen: false after the broker started means
     * HiveMQ no longer asks the way this provider expects, and the JDK's implementation serves.
     */
    public static boolean servedTheBroker() {
        return Security.getProvider(NAME) instanceof BrokerTlsProvider installed && installed.servedTheBroker;
    }

    @Override
    public @Nullable Service getService(String type, String algorithm) {
        // asked for every lookup of every type in the process, as the first provider: decide cheaply for all others
        if (!"SSLContext".equals(type) || !"TLS".equalsIgnoreCase(algorithm) || !askedByTheBroker()) {
            return null;
        }
        servedTheBroker = true;
        return conscrypt.getService(type, algorithm);
    }

    /**
     * Whether HiveMQ's context factory is asking, directly rather than through a class's static initialiser along the
     * way (Netty's JDK context works out its defaults from an unnamed context the first time it is used, and those
     * defaults serve every other Netty client and server in the process).
     */
    private static boolean askedByTheBroker() {
        return STACK.walk(frames -> {
            // a few dozen frames, walked only when a TLS context is made
            List<StackWalker.StackFrame> callers =
                    frames.dropWhile(BrokerTlsProvider::platformOrOwn).toList();
            return !callers.isEmpty()
                    && !callers.getFirst().getMethodName().equals("<clinit>")
                    && callers.stream().anyMatch(frame -> frame.getClassName().equals(BROKER_FACTORY));
        });
    }

    private static boolean platformOrOwn(StackWalker.StackFrame frame) {
        String className = frame.getClassName();
        return className.equals(BrokerTlsProvider.class.getName())
                || PLATFORM_PACKAGES.stream().anyMatch(className::startsWith);
    }
}
