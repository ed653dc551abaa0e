package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.Pkcs11Settings;
import dev.palisade.keys.SigningKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys in a PKCS#11 token (an HSM, or SoftHSM2) through the JDK's SunPKCS11 provider. Keys are generated inside the
 * token as persistent, sensitive, unextractable private keys; the provider's PKCS#11 key store names each one with its
 * alias (the key's {@code CKA_ID}) and keeps a self-signed placeholder certificate beside it, signed by the key itself
 * inside the token, which carries the public key and the alias ({@code CKA_LABEL}) as the PKCS#12 back end does.
 *
 * <p>ECDSA P-256, ECDSA P-384 and RSA-3072 keys live here. Ed25519 keys cannot: the JDK's PKCS#11 provider has no
 * Ed25519 key generation or signature, so {@link RoutingKeyCustody} keeps them in the PKCS#12 keystore.
 *
 * <p>One Palisade server per token: the aliases are read when the custody opens, so keys created in the same token by
 * another process afterwards are not seen until the next start.
 */
public final class Pkcs11KeyCustody implements KeyCustody {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11KeyCustody.class);

    private final Provider provider;
    private final KeyStore store;
    private final String slot;
    private final Clock clock;
    private final ConcurrentMap<KeyAlias, SigningKey> loaded = new ConcurrentHashMap<>();

    private Pkcs11KeyCustody(Provider provider, KeyStore store, String slot, Clock clock) {
        this.provider = provider;
        this.store = store;
        this.slot = slot;
        this.clock = clock;
    }

    /**
     * Loads the token's module, logs in to the token with {@code pin} and reads the aliases of the keys in it.
     *
     * @throws KeyCustodyException when the module, the slot or the token is missing or the token refuses the PIN; the
     *     message says which setting to fix and never contains the PIN
     */
    public static Pkcs11KeyCustody open(Pkcs11Settings settings, char[] pin, Clock clock) {
        Provider provider = SunPkcs11Providers.configure(settings);
        String slot = settings.slotDescription();
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            // Loading the PKCS#11 key store logs the user in: from here on, every session of the provider may use
            // the token's private keys.
            store.load(null, pin);
            log.info("Key custody: PKCS#11 token in {} ({} entries)", slot, store.size());
            return new Pkcs11KeyCustody(provider, store, slot, clock);
        } catch (IOException e) {
            throw new KeyCustodyException(loginFailure(slot, e), e);
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException(
                    "cannot read the keys in the PKCS#11 token in " + slot + ": " + Pkcs11Failures.rootMessage(e), e);
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
        if (algorithm == KeyAlgorithm.ED25519) {
            throw new KeyCustodyException("cannot create Ed25519 key " + alias + " in the PKCS#11 token in " + slot
                    + ": the JDK's PKCS#11 provider does not support Ed25519 (such keys are kept in the PKCS#12 "
                    + "keystore)");
        }
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
                KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyPairAlgorithm(), provider);
                var parameters = algorithm.parameters();
                if (parameters != null) {
                    generator.initialize(parameters);
                }
                // The private key is a token object from here on. Should storing the certificate below fail, it
                // stays in the token without an alias: unusable by Palisade, and removable with the token's tools.
                KeyPair pair = generator.generateKeyPair();
                X509Certificate placeholder =
                        PlaceholderCertificates.selfSigned(alias, algorithm, pair, clock, provider);
                store.setKeyEntry(alias.value(), pair.getPrivate(), null, new Certificate[] {placeholder});
                log.info("Created {} key '{}' in the PKCS#11 token in {}", algorithm, alias, slot);
                SigningKey key = signingKey(alias, pair.getPrivate(), placeholder.getPublicKey());
                loaded.put(alias, key);
                return key;
            } catch (GeneralSecurityException e) {
                throw new KeyCustodyException(
                        "cannot create key " + alias + " in the PKCS#11 token in " + slot + ": "
                                + Pkcs11Failures.rootMessage(e),
                        e);
            }
        }
    }

    private @Nullable SigningKey load(KeyAlias alias) {
        try {
            if (!store.isKeyEntry(alias.value())) {
                return null;
            }
            var privateKey = (PrivateKey) store.getKey(alias.value(), null);
            var publicKey = store.getCertificate(alias.value()).getPublicKey();
            SigningKey key = signingKey(alias, privateKey, publicKey);
            loaded.put(alias, key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new KeyCustodyException(
                    "cannot read key " + alias + " from the PKCS#11 token in " + slot + ": "
                            + Pkcs11Failures.rootMessage(e),
                    e);
        }
    }

    /** The public key comes from the certificate: a plain JDK key that any provider can verify with. */
    private SigningKey signingKey(KeyAlias alias, PrivateKey privateKey, PublicKey publicKey) {
        return new Pkcs11SigningKey(alias, KeyAlgorithms.of(publicKey), publicKey, privateKey, provider);
    }

    private static String loginFailure(String slot, IOException failure) {
        return switch (Pkcs11Failures.returnValue(failure).orElse("")) {
            case "CKR_PIN_INCORRECT" ->
                "the PKCS#11 token in " + slot + " refused the user PIN (CKR_PIN_INCORRECT): check "
                        + "palisade.keys.pkcs11.pin-file or PALISADE_KEYS_PKCS11_PIN";
            case "CKR_PIN_LOCKED" ->
                "the user PIN of the PKCS#11 token in " + slot + " is locked after too many wrong attempts "
                        + "(CKR_PIN_LOCKED): unlock it with the security officer PIN, then check "
                        + "palisade.keys.pkcs11.pin-file or PALISADE_KEYS_PKCS11_PIN";
            case "CKR_USER_PIN_NOT_INITIALIZED" ->
                "the PKCS#11 token in " + slot + " has no user PIN yet (CKR_USER_PIN_NOT_INITIALIZED): set one "
                        + "with the token's tools";
            default ->
                "cannot log in to the PKCS#11 token in " + slot + ": " + Pkcs11Failures.rootMessage(failure)
                        + " (check palisade.keys.pkcs11.pin-file or PALISADE_KEYS_PKCS11_PIN)";
        };
    }
}
