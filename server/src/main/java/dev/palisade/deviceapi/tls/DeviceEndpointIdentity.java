package dev.palisade.deviceapi.tls;

import dev.palisade.deviceapi.DeviceApiSettings;
import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.tenancy.TenantDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The device endpoint's TLS identity: a key kept in {@code tls/device-endpoint.p12} and a SERVER certificate for it
 * from the platform tenant's issuing CA, so that devices verify the endpoint with the same root they trust for
 * everything else. Serves as the endpoint's key manager; until the PKI has issued the certificate (moments after a
 * first start) handshakes fail, and the certificate is renewed when a third of its life remains.
 */
@Component
public class DeviceEndpointIdentity extends X509ExtendedKeyManager {

    private static final Logger log = LoggerFactory.getLogger(DeviceEndpointIdentity.class);
    private static final String ALIAS = "device-endpoint";

    private final Path file;
    private final Path directory;
    private final char[] password;
    private final DeviceApiSettings settings;
    private final CertificateIssuance issuance;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final PrivateKey key;
    private final java.security.PublicKey publicKey;
    private volatile X509Certificate @Nullable [] chain;

    DeviceEndpointIdentity(
            DataDirectory dataDirectory,
            DeviceApiSettings settings,
            CertificateIssuance issuance,
            TenantDirectory tenants,
            Clock clock) {
        this.directory = dataDirectory.tls();
        this.file = directory.resolve("device-endpoint.p12");
        this.password = SecretFiles.readOrGenerate(dataDirectory.secrets().resolve("tls-keystore.password"))
                .toCharArray();
        this.settings = settings;
        this.issuance = issuance;
        this.tenants = tenants;
        this.clock = clock;
        KeyStore store = loadOrCreate();
        try {
            // converted once: the TLS provider would otherwise convert the JDK's key object in every handshake
            this.key = FastCrypto.forSigning((PrivateKey) store.getKey(ALIAS, password));
            Certificate[] stored = store.getCertificateChain(ALIAS);
            this.publicKey = stored[0].getPublicKey();
            this.chain = stored.length > 1 ? toX509(stored) : null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The endpoint's certificate chain, once issued. */
    public Optional<List<X509Certificate>> chain() {
        X509Certificate[] current = chain;
        return current == null ? Optional.empty() : Optional.of(List.of(current));
    }

    /**
     * Gets the first certificate as soon as the server is up (the platform tenant exists only after the first start's
     * runner), without holding up start-up for the ceremony that may have to run first.
     */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        Thread.ofPlatform().name("device-endpoint-certificate").daemon().start(this::refresh);
    }

    /** Issues the certificate if there is none or it is due for renewal. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public synchronized void refresh() {
        X509Certificate[] current = chain;
        if (!settings.enabled() || (current != null && !dueForRenewal(current[0]))) {
            return;
        }
        Optional<dev.palisade.shared.TenantId> platform = tenants.platform();
        if (platform.isEmpty()) {
            return;
        }
        try {
            IssuedCertificate issued = issuance.issueServer(
                    platform.get(),
                    "Palisade device endpoint",
                    publicKey,
                    settings.hostNames(),
                    List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")));
            List<X509Certificate> fresh = new ArrayList<>();
            fresh.add(issued.certificate());
            fresh.addAll(issuance.chain(issued));
            store(fresh);
            chain = fresh.toArray(X509Certificate[]::new);
            log.info(
                    "The device endpoint has a certificate from the platform CA until {}",
                    issued.certificate().getNotAfter().toInstant());
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot get the device endpoint's certificate yet: {}", e.getMessage());
        }
    }

    private boolean dueForRenewal(X509Certificate certificate) {
        var life = Duration.between(
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        return clock.instant()
                .plus(life.dividedBy(3))
                .isAfter(certificate.getNotAfter().toInstant());
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
        return chain == null ? null : new String[] {ALIAS};
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return chain == null ? null : ALIAS;
    }

    @Override
    public @Nullable String chooseEngineServerAlias(
            String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return chain == null ? null : ALIAS;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
        X509Certificate[] current = chain;
        return ALIAS.equals(alias) && current != null ? current.clone() : null;
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
        return null;
    }

    @Override
    public @Nullable String chooseClientAlias(
            String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return null;
    }

    private KeyStore loadOrCreate() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password);
                }
                return store;
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            store.load(null, password);
            store.setKeyEntry(
                    ALIAS, pair.getPrivate(), password, new Certificate[] {PlaceholderCertificate.of(pair, clock)});
            write(store);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the device endpoint's key in " + file, e);
        }
    }

    private void store(List<X509Certificate> fresh) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(ALIAS, key, password, fresh.toArray(Certificate[]::new));
            write(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot store the device endpoint's certificate in " + file, e);
        }
    }

    private void write(KeyStore store) throws IOException, GeneralSecurityException {
        SecretFiles.ownerOnlyDirectory(directory);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            store.store(out, password);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static X509Certificate[] toX509(Certificate[] certificates) {
        X509Certificate[] result = new X509Certificate[certificates.length];
        for (int i = 0; i < certificates.length; i++) {
            result[i] = (X509Certificate) certificates[i];
        }
        return result;
    }
}
