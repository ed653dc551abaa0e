package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in a PKCS#12 file encrypted with a passphrase (PBES2 with AES-256, the JDK's default for PKCS#12). Each entry
 * carries a self-signed placeholder certificate because PKCS#12 stores private keys with a certificate chain. The file
 * is rewritten atomically on every new key, so a crash leaves either the old or the new store, never a torn one.
 */
public final class Pkcs12KeyCustody implements KeyCustody {

    private static final Logger log = LoggerFactory.getLogger(Pkcs12KeyCustody.class);

    private final Path file;
    private final char[] passphrase;
    private final Clock clock;
    private final KeyStore store;
    private final ConcurrentMap<KeyAlias, SigningKey> loaded = new ConcurrentHashMap<>();

    private Pkcs12KeyCustody(Path file, char[] passphrase, Clock clock, KeyStore store) {
        this.file = file;
        this.passphrase = passphrase.clone();
        this.clock = clock;
        this.store = store;
    }

    /** Opens {@code file}, or prepares a new empty store there that is written when the first key is created. */
    public static Pkcs12KeyCustody open(Path file, char[] passphrase, Clock clock) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, passphrase);
                }
            } else {
                store.load(null, passphrase);
            }
            return new Pkcs12KeyCustody(file, passphrase, clock, store);
        } catch (IOException e) {
            throw new KeyCustodyException(
                    "cannot open keystore " + file + " (wrong passphrase or damaged file): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot open keystore " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SigningKey> find(KeyAlias alias) {
        SigningKey cached = loaded.get(alias);
        if (cached != null) {
            return Optional.of(cached);
        }
        synchronized (store) {
            return Optional.ofNullable(load(alias));
        }
    }

    @Override
    public SigningKey getOrCreate(KeyAlias alias, KeyAlgorithm algorithm) {
        SigningKey key = find(alias).orElseGet(() -> create(alias, algorithm));
        if (key.algorithm() != algorithm) {
            throw new KeyCustodyException(
                    "key " + alias + " exists with algorithm " + key.algorithm() + ", not " + algorithm);
        }
        return key;
    }

    private SigningKey create(KeyAlias alias, KeyAlgorithm algorithm) {
        synchronized (store) {
            SigningKey existing = load(alias);
            if (existing != null) {
                return existing;
            }
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyPairAlgorithm());
                var parameters = algorithm.parameters();
                if (parameters != null) {
                    generator.initialize(parameters);
                }
                KeyPair pair = generator.generateKeyPair();
                Certificate placeholder = PlaceholderCertificates.selfSigned(alias, algorithm, pair, clock);
                store.setKeyEntry(alias.value(), pair.getPrivate(), passphrase, new Certificate[] {placeholder});
                save();
                log.info("Created {} key '{}' in {}", algorithm, alias, file);
                SigningKey key = JcaSigningKey.of(alias, algorithm, pair.getPublic(), pair.getPrivate());
                loaded.put(alias, key);
                return key;
            } catch (GeneralSecurityException e) {
                throw new KeyCustodyException("cannot create key " + alias + ": " + e.getMessage(), e);
            }
        }
    }

    private @Nullable SigningKey load(KeyAlias alias) {
        try {
            if (!store.isKeyEntry(alias.value())) {
                return null;
            }
            var privateKey = (PrivateKey) store.getKey(alias.value(), passphrase);
            var publicKey = store.getCertificate(alias.value()).getPublicKey();
            SigningKey key = JcaSigningKey.of(alias, KeyAlgorithms.of(publicKey), publicKey, privateKey);
            loaded.put(alias, key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException("cannot read key " + alias + " from " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(
                    dir,
                    ".keys",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    store.store(out, passphrase);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyCustodyException("cannot write keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
