package dev.palisade.broker.internal;

import dev.palisade.broker.BrokerSettings.TlsProvider;
import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.DeviceAuthentication;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the broker's TLS listener Conscrypt (BoringSSL) instead of the JDK's TLS implementation, and Palisade's own
 * judgement of client certificates ({@link BrokerClientTrust}) instead of the JDK's path validation over the trust
 * store. A handshake with a device certificate costs several milliseconds of CPU with HiveMQ's defaults and a fraction
 * of one this way (docs/BENCHMARKS.md, docs/adr/0009-broker-tls-provider.md); new connections are what a fleet coming
 * back after an outage is made of.
 *
 * <p>HiveMQ CE builds its Netty context with the JDK provider hard-coded, asking the JCA for an {@code SSLContext}
 * "TLS" and a {@code TrustManagerFactory} of the default algorithm without naming a provider, so the only place to
 * choose is the provider list. Putting Conscrypt first in it would hand BoringSSL every unnamed lookup in the process
 * (the operator API's TLS, digests, key factories, clients in the same JVM). This provider instead sits first and
 * answers those two lookups only when HiveMQ's SSL context factory makes them; it answers nothing to anyone else, so
 * every other lookup goes on down the list as before. HiveMQ rebuilds the context whenever its key or trust store
 * changes, through the same factory.
 */
public final class BrokerTlsProvider extends Provider {

    private static final Logger log = LoggerFactory.getLogger(BrokerTlsProvider.class);
    private static final String NAME = "PalisadeBrokerTls";
    private static final String BROKER_FACTORY = "com.hivemq.security.ssl.SslContextFactory";
    private static final Set<String> PLATFORM_PACKAGES = Set.of("java.", "javax.", "sun.", "jdk.");
    private static final StackWalker STACK = StackWalker.getInstance();

    private final Provider conscrypt;
    private final Service trust;
    private volatile DeviceAuthentication authentication;
    private volatile boolean servedTheBroker;

    private BrokerTlsProvider(Provider conscrypt, DeviceAuthentication authentication) {
        super(NAME, "1", "Conscrypt's TLS and Palisade's client trust for the embedded MQTT broker's listener only");
        this.conscrypt = conscrypt;
        this.authentication = authentication;
        this.trust = new TrustService();
    }

    /**
     * Makes the broker's listener use {@code choice} from its next context on, judging client certificates with {@code
     * authentication} unless the choice is the JDK's. The choice holds for the whole JVM (there is one provider list;
     * one broker runs per server); with Conscrypt unavailable, the JDK's implementation serves.
     *
     * @return the implementation the broker will use
     */
    public static synchronized TlsProvider choose(TlsProvider choice, DeviceAuthentication authentication) {
        if (choice == TlsProvider.JDK) {
            Security.removeProvider(NAME);
            log.info("The MQTT broker's TLS uses the JDK's implementation (palisade.broker.tls-provider=jdk)");
            return TlsProvider.JDK;
        }
        if (Security.getProvider(NAME) instanceof BrokerTlsProvider installed) {
            installed.authentication = authentication;
            return TlsProvider.CONSCRYPT;
        }
        Provider conscrypt = FastCrypto.ecProvider();
        if (conscrypt == null || conscrypt.getService("SSLContext", "TLS") == null) {
            log.warn("Conscrypt is not available here: the MQTT broker's TLS uses the JDK's implementation");
            return TlsProvider.JDK;
        }
        Security.insertProviderAt(new BrokerTlsProvider(conscrypt, authentication), 1);
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
        boolean context = "SSLContext".equals(type) && "TLS".equalsIgnoreCase(algorithm);
        boolean trustManagers = "TrustManagerFactory".equals(type) && "PKIX".equalsIgnoreCase(algorithm);
        if (!(context || trustManagers) || !askedByTheBroker()) {
            return null;
        }
        if (trustManagers) {
            return trust;
        }
        servedTheBroker = true;
        return conscrypt.getService(type, algorithm);
    }

    /** Makes a fresh factory of {@link BrokerClientTrust} for each context HiveMQ builds. */
    private final class TrustService extends Service {

        TrustService() {
            super(
                    BrokerTlsProvider.this,
                    "TrustManagerFactory",
                    "PKIX",
                    BrokerClientTrust.Factory.class.getName(),
                    null,
                    null);
        }

        @Override
        public Object newInstance(@Nullable Object parameter) {
            return new BrokerClientTrust.Factory(authentication);
        }
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
