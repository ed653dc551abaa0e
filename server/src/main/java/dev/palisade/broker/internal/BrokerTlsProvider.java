package dev.palisade.broker.internal;

import dev.palisade.broker.BrokerSettings.TlsProvider;
import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.DeviceAuthentication;
import io.netty.handler.ssl.OpenSsl;
import java.security.Provider;
import java.security.Security;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the broker's TLS listener BoringSSL instead of the JDK's TLS implementation, and Palisade's own judgement of
 * client certificates ({@link BrokerClientTrust}) instead of the JDK's path validation over the trust store. A
 * handshake with a device certificate costs several milliseconds of CPU with HiveMQ's defaults and a fraction of one
 * this way (docs/BENCHMARKS.md, docs/adr/0009-broker-tls-provider.md); new connections are what a fleet coming back
 * after an outage is made of.
 *
 * <p>HiveMQ CE builds its Netty context with the JDK provider hard-coded, asking the JCA for an {@code SSLContext}
 * "TLS" and a {@code TrustManagerFactory} of the default algorithm without naming a provider, so the only place to
 * choose is the provider list. Putting a provider first in it for everyone would hand its TLS to every unnamed lookup in
 * the process (the operator API's TLS, clients in the same JVM). This provider instead sits first and answers those two
 * lookups only when HiveMQ's SSL context factory makes them; it answers nothing to anyone else, so every other lookup
 * goes on down the list as before. HiveMQ rebuilds the context whenever its key or trust store changes, through the
 * same factory.
 *
 * <p>The context is netty-tcnative's BoringSSL ({@link BoringSslContext}) by default, or Conscrypt's. Both are
 * BoringSSL; Conscrypt's engine also keeps a pipe (two more open files) for every connection, so that a broker holding
 * N sessions needs 3N open files instead of N.
 */
public final class BrokerTlsProvider extends Provider {

    private static final Logger log = LoggerFactory.getLogger(BrokerTlsProvider.class);
    private static final String NAME = "PalisadeBrokerTls";
    private static final String BROKER_FACTORY = "com.hivemq.security.ssl.SslContextFactory";
    private static final Set<String> PLATFORM_PACKAGES = Set.of("java.", "javax.", "sun.", "jdk.");
    private static final StackWalker STACK = StackWalker.getInstance();

    private final Service trust = new TrustService();
    private final Service boringSsl = new BoringSslService();
    private volatile TlsProvider choice;
    private volatile DeviceAuthentication authentication;
    private volatile BootstrapGate bootstrap;
    private volatile @Nullable TlsProvider served;

    private BrokerTlsProvider(TlsProvider choice, DeviceAuthentication authentication, BootstrapGate bootstrap) {
        super(NAME, "1", "BoringSSL and Palisade's client trust for the embedded MQTT broker's listener only");
        this.choice = choice;
        this.authentication = authentication;
        this.bootstrap = bootstrap;
    }

    /**
     * Makes the broker's listener use {@code choice} from its next context on, judging client certificates with {@code
     * authentication} (and, for a device's first contact, manufacturers' bootstrap CAs through {@code bootstrap}) unless
     * the choice is the JDK's, whose trust is the root alone. The choice holds for the whole JVM (there is one provider list;
     * one broker runs per server). Where the chosen implementation does not load, the next one serves: netty-tcnative,
     * then Conscrypt, then the JDK's.
     *
     * @return the implementation the broker will use
     */
    public static synchronized TlsProvider choose(
            TlsProvider choice, DeviceAuthentication authentication, BootstrapGate bootstrap) {
        TlsProvider available = available(choice);
        if (available == TlsProvider.JDK) {
            Security.removeProvider(NAME);
        } else if (Security.getProvider(NAME) instanceof BrokerTlsProvider installed) {
            installed.choice = available;
            installed.authentication = authentication;
            installed.bootstrap = bootstrap;
        } else {
            Security.insertProviderAt(new BrokerTlsProvider(available, authentication, bootstrap), 1);
        }
        log.info("The MQTT broker's TLS uses {}", description(available));
        return available;
    }

    private static TlsProvider available(TlsProvider choice) {
        if (choice == TlsProvider.BORINGSSL) {
            if (OpenSsl.isAvailable()) {
                return choice;
            }
            log.warn(
                    "netty-tcnative's BoringSSL does not load here ({}); trying Conscrypt",
                    String.valueOf(OpenSsl.unavailabilityCause()));
        }
        if (choice != TlsProvider.JDK) {
            Provider conscrypt = FastCrypto.ecProvider();
            if (conscrypt != null && conscrypt.getService("SSLContext", "TLS") != null) {
                return TlsProvider.CONSCRYPT;
            }
            log.warn("Conscrypt is not available here: the MQTT broker's TLS uses the JDK's implementation");
        }
        return TlsProvider.JDK;
    }

    private static String description(TlsProvider provider) {
        return switch (provider) {
            case BORINGSSL -> "BoringSSL through netty-tcnative (" + OpenSsl.versionString() + ")";
            case CONSCRYPT -> "BoringSSL through " + FastCrypto.description();
            case JDK -> "the JDK's implementation (palisade.broker.tls-provider=jdk)";
        };
    }

    /**
     * The implementation of the last context handed to the broker, or null when none was: HiveMQ then no longer asks
     * the way this provider expects, and the JDK's implementation serves.
     */
    public static @Nullable TlsProvider servedTheBroker() {
        return Security.getProvider(NAME) instanceof BrokerTlsProvider installed ? installed.served : null;
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
        TlsProvider current = choice;
        served = current;
        return current == TlsProvider.CONSCRYPT
                ? java.util.Objects.requireNonNull(FastCrypto.ecProvider()).getService(type, algorithm)
                : boringSsl;
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
            return new BrokerClientTrust.Factory(authentication, bootstrap);
        }
    }

    /** Makes a {@link BoringSslContext} for each context HiveMQ builds. */
    private final class BoringSslService extends Service {

        BoringSslService() {
            super(BrokerTlsProvider.this, "SSLContext", "TLS", BoringSslContext.class.getName(), null, null);
        }

        @Override
        public Object newInstance(@Nullable Object parameter) {
            return new BoringSslContext();
        }
    }

    /**
     * Whether HiveMQ's context factory is asking, directly rather than through a class's static initialiser along the
     * way: Netty's JDK context works out its defaults from an unnamed context when its class is first initialised
     * (which HiveMQ's factory may trigger), and those defaults serve every other Netty client and server in the process.
     */
    private static boolean askedByTheBroker() {
        // a few dozen frames, walked only when a TLS context or trust manager factory is made
        return STACK.walk(frames -> {
            for (var callers =
                            frames.dropWhile(BrokerTlsProvider::platformOrOwn).iterator();
                    callers.hasNext(); ) {
                StackWalker.StackFrame frame = callers.next();
                if (frame.getMethodName().equals("<clinit>")) {
                    return false;
                }
                if (frame.getClassName().equals(BROKER_FACTORY)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean platformOrOwn(StackWalker.StackFrame frame) {
        String className = frame.getClassName();
        return className.equals(BrokerTlsProvider.class.getName())
                || PLATFORM_PACKAGES.stream().anyMatch(className::startsWith);
    }
}
