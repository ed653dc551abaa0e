package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.SigningKey;
import java.util.Optional;

/**
 * Key custody with a PKCS#11 token: Ed25519 keys (the audit checkpoint key) in the PKCS#12 keystore, every other key
 * in the token. The JDK's PKCS#11 provider cannot generate Ed25519 keys or sign with them, so a token-only custody
 * would leave the audit log without a key; the split keeps the CA keys in the HSM and the rest working.
 *
 * <p>Each store only ever serves the algorithms routed to it. A key found in the other store (say an ECDSA key left in
 * the keystore from before the switch to an HSM) is reported as an error instead of being used or silently replaced
 * by a new key in the token: a CA key that changed unnoticed would break every certificate it issued.
 */
public final class RoutingKeyCustody implements KeyCustody {

    private final KeyCustody token;
    private final KeyCustody keystore;

    /**
     * @param token the PKCS#11 token, for every algorithm but Ed25519
     * @param keystore the PKCS#12 keystore, for Ed25519
     */
    public RoutingKeyCustody(KeyCustody token, KeyCustody keystore) {
        this.token = token;
        this.keystore = keystore;
    }

    /** Where keys of {@code algorithm} live. */
    static boolean belongsInKeystore(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.ED25519;
    }

    @Override
    public Optional<SigningKey> find(KeyAlias alias) {
        Optional<SigningKey> inToken = token.find(alias);
        Optional<SigningKey> inKeystore = keystore.find(alias);
        if (inToken.isPresent() && inKeystore.isPresent()) {
            throw new KeyCustodyException("key " + alias + " exists both in the PKCS#11 token ("
                    + inToken.get().algorithm() + ") and in the PKCS#12 keystore ("
                    + inKeystore.get().algorithm()
                    + "): remove the one Palisade should not use");
        }
        inToken.ifPresent(key -> requireInPlace(key, false));
        inKeystore.ifPresent(key -> requireInPlace(key, true));
        return inToken.isPresent() ? inToken : inKeystore;
    }

    /**
     * Synchronized so that two threads cannot create the same alias in both stores; keys are created rarely (at
     * start-up, when a tenant gets a CA), so the lock costs nothing that matters.
     */
    @Override
    public synchronized SigningKey getOrCreate(KeyAlias alias, KeyAlgorithm algorithm) {
        Optional<SigningKey> existing = find(alias);
        if (existing.isPresent()) {
            if (existing.get().algorithm() != algorithm) {
                throw new KeyCustodyException("key " + alias + " exists with algorithm "
                        + existing.get().algorithm() + ", not " + algorithm);
            }
            return existing.get();
        }
        return (belongsInKeystore(algorithm) ? keystore : token).getOrCreate(alias, algorithm);
    }

    private static void requireInPlace(SigningKey key, boolean foundInKeystore) {
        if (belongsInKeystore(key.algorithm()) != foundInKeystore) {
            throw new KeyCustodyException("key " + key.alias() + " is a " + key.algorithm() + " key in the "
                    + (foundInKeystore ? "PKCS#12 keystore" : "PKCS#11 token") + ", but with "
                    + "palisade.keys.backend=pkcs11 " + key.algorithm() + " keys live in the "
                    + (foundInKeystore ? "PKCS#11 token" : "PKCS#12 keystore")
                    + ": move the key, or remove it to have a new one created (see docs/keys-pkcs11.md)");
        }
    }
}
