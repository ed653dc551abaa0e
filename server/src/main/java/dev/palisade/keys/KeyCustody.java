package dev.palisade.keys;

import java.util.Optional;

/**
 * Where Palisade's private keys live. Keys are generated inside the custody and never leave it; the database, logs
 * and API responses only ever see public keys and signatures.
 */
public interface KeyCustody {

    /** The key under {@code alias}, if one exists. */
    Optional<SigningKey> find(KeyAlias alias);

    /**
     * The key under {@code alias}, generated with {@code algorithm} if it does not exist yet. An existing key of a
     * different algorithm is an error, not a silent substitution.
     */
    SigningKey getOrCreate(KeyAlias alias, KeyAlgorithm algorithm);
}
