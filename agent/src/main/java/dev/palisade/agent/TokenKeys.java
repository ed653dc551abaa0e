package dev.palisade.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Keys inside a PKCS#11 token (a secure element, a TPM's PKCS#11 interface, SoftHSM2 in tests) through the JDK's
 * SunPKCS11 provider. The private key is generated in the token as a persistent, sensitive, unextractable object; the
 * request is signed there, and so is every TLS handshake. The issued chain is stored in the token beside its key
 * under the device's id, so a restarted device finds its credential where it left it.
 *
 * <p>A renewal never deletes the old credential before the new one is stored: the device's entries take turns between
 * two aliases ({@code <id>} and {@code <id>#2}); the new chain and key go under the one not in use, and only then is
 * the other deleted. A device stopped in between finds both, and uses the newer.
 */
public final class TokenKeys implements DeviceKeys {

    /**
     * Private keys persist in the token and never leave it, not even wrapped; public halves stay session objects (the
     * certificate stored with the key carries them).
     */
    private static final String GENERATED_KEY_ATTRIBUTES = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_TOKEN = true
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
            }
            attributes(generate, CKO_PUBLIC_KEY, *) = {
              CKA_TOKEN = false
              CKA_VERIFY = true
            }
            """;

    /** Each opening gets a provider of its own name, so that installing it never collides with an earlier one. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** The suffix of the device's second alias, which its entries alternate with its id. */
    private static final String SECOND_ALIAS = "#2";

    private final Provider provider;
    private final KeyStore store;

    private TokenKeys(Provider provider, KeyStore store) {
        this.provider = provider;
        this.store = store;
    }

    /**
     * Opens the token in {@code slot} of the PKCS#11 module {@code library} and logs in with {@code pin}.
     *
     * @throws IllegalArgumentException when the module is missing, the slot holds no token or the PIN is wrong; the
     *     message says which
     */
    public static TokenKeys open(Path library, long slot, char[] pin) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("the PKCS#11 module " + library + " does not exist");
        }
        Provider template = Security.getProvider("SunPKCS11");
        if (template == null) {
            throw new IllegalStateException("this Java runtime has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        Provider provider;
        try {
            provider = template.configure("--name = palisade-agent-" + INSTANCES.incrementAndGet() + "\nlibrary = \""
                    + library + "\"\nslot = " + slot + "\n" + GENERATED_KEY_ATTRIBUTES);
        } catch (ProviderException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot open slot " + slot + " of " + library + ": " + e.getMessage(), e);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            // TLS signs its handshakes with whichever installed provider takes the key: the token's must be one
            Security.addProvider(provider);
            return new TokenKeys(provider, store);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot log in to the token in slot " + slot + " (wrong PIN?)", e);
        }
    }

    @Override
    public KeyOrigin origin() {
        return KeyOrigin.TOKEN;
    }

    @Override
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the token cannot make a P-256 key", e);
        }
    }

    @Override
    public PKCS10CertificationRequest request(String deviceId, KeyPair pair) {
        return KeyPairs.request(deviceId, pair, provider);
    }

    /** Stores {@code chain} with its key under the alias not in use, then deletes the entry it replaces. */
    @Override
    public void keep(String deviceId, KeyPair pair, List<X509Certificate> chain) {
        try {
            synchronized (store) {
                String target = storeBeside(deviceId, pair, chain);
                String replaced = otherAlias(deviceId, target);
                if (store.containsAlias(replaced)) {
                    store.deleteEntry(replaced);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot store the certificate in the token", e);
        }
    }

    /**
     * The first half of {@link #keep}: stores the chain under the alias the newest credential does not use, and
     * returns that alias; the older entry stays. Alone, it is what a device stopped midway leaves behind.
     */
    String storeBeside(String deviceId, KeyPair pair, List<X509Certificate> chain) throws GeneralSecurityException {
        synchronized (store) {
            String target = newest(deviceId)
                    .map(entry -> otherAlias(deviceId, entry.alias()))
                    .orElse(deviceId);
            // setKeyEntry first deletes whatever an interrupted earlier renewal left under the target alias
            store.setKeyEntry(target, pair.getPrivate(), null, chain.toArray(Certificate[]::new));
            return target;
        }
    }

    /** Deletes the keys and chains kept for {@code deviceId} from the token: the device's wipe. */
    @Override
    public void destroy(String deviceId) {
        try {
            synchronized (store) {
                for (String alias : aliases(deviceId)) {
                    if (store.containsAlias(alias)) {
                        store.deleteEntry(alias);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot delete the credential in the token", e);
        }
    }

    /**
     * The credential kept in the token for {@code deviceId}, if there is one: what a restarted device uses. When a
     * renewal was interrupted after storing the new credential, the newer of the two.
     */
    public Optional<DeviceCredential> credential(String deviceId) {
        try {
            return newest(deviceId).map(Entry::credential);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the credential in the token", e);
        }
    }

    private record Entry(String alias, DeviceCredential credential) {}

    /** The entry whose certificate ends last (then: begins last), among the device's two aliases. */
    private Optional<Entry> newest(String deviceId) throws GeneralSecurityException {
        synchronized (store) {
            Optional<Entry> newest = Optional.empty();
            for (String alias : aliases(deviceId)) {
                Optional<Entry> entry = entry(alias);
                if (entry.isPresent() && (newest.isEmpty() || newer(entry.get(), newest.get()))) {
                    newest = entry;
                }
            }
            return newest;
        }
    }

    private static boolean newer(Entry candidate, Entry than) {
        X509Certificate a = candidate.credential().certificate();
        X509Certificate b = than.credential().certificate();
        int byEnd = a.getNotAfter().compareTo(b.getNotAfter());
        return byEnd != 0 ? byEnd > 0 : a.getNotBefore().after(b.getNotBefore());
    }

    private Optional<Entry> entry(String alias) throws GeneralSecurityException {
        if (!store.containsAlias(alias) || !(store.getKey(alias, null) instanceof PrivateKey key)) {
            return Optional.empty();
        }
        Certificate[] certificates = store.getCertificateChain(alias);
        if (certificates == null || certificates.length == 0) {
            return Optional.empty();
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : certificates) {
            chain.add((X509Certificate) certificate);
        }
        return Optional.of(new Entry(alias, new DeviceCredential(key, chain, KeyOrigin.TOKEN)));
    }

    private static List<String> aliases(String deviceId) {
        return List.of(deviceId, deviceId + SECOND_ALIAS);
    }

    private static String otherAlias(String deviceId, String alias) {
        return alias.equals(deviceId) ? deviceId + SECOND_ALIAS : deviceId;
    }
}
