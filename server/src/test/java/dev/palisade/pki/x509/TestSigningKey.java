package dev.palisade.pki.x509;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.SigningKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A signing key held in the test's memory, standing in for a key in custody; counts its signatures. */
final class TestSigningKey implements SigningKey {

    private final KeyAlias alias;
    private final KeyAlgorithm algorithm;
    private final KeyPair pair;
    private final AtomicInteger signatures = new AtomicInteger();

    private TestSigningKey(KeyAlias alias, KeyAlgorithm algorithm, KeyPair pair) {
        this.alias = alias;
        this.algorithm = algorithm;
        this.pair = pair;
    }

    static TestSigningKey generate(KeyAlgorithm algorithm) {
        return generate(algorithm, new SecureRandom());
    }

    /** With a seeded SHA1PRNG as {@code random}, the same key every time: for fuzz seeds that must keep matching. */
    static TestSigningKey generate(KeyAlgorithm algorithm, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyPairAlgorithm());
            if (algorithm.parameters() != null) {
                generator.initialize(algorithm.parameters(), random);
            } else {
                generator.initialize(255, random);
            }
            return new TestSigningKey(
                    KeyAlias.of("test/" + algorithm.name().toLowerCase(Locale.ROOT)),
                    algorithm,
                    generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyPair keyPair() {
        return pair;
    }

    int signatureCount() {
        return signatures.get();
    }

    @Override
    public KeyAlias alias() {
        return alias;
    }

    @Override
    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(algorithm.signatureAlgorithm());
            signature.initSign(pair.getPrivate());
            signature.update(message);
            signatures.incrementAndGet();
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
