package dev.palisade.pki.x509;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Signed OCSP responses for single-certificate requests without a nonce, kept until shortly before their nextUpdate,
 * so that the many identical polls of a fleet cost a map lookup instead of a signature. Keyed by serial (and by the
 * CertID hash algorithm, since the response echoes the request's CertID). Thread-safe.
 *
 * <p>Whoever changes a certificate's status must call {@link #invalidate(BigInteger)} after the change is committed.
 * A response computed concurrently with an invalidation is never stored: every invalidation advances a generation
 * counter, and a store made under an older generation removes itself again.
 */
public final class OcspResponseCache {

    private record Key(BigInteger serial, CertIdHash hash) {}

    /** A signed response and the DER CertID it answers, which a request must repeat exactly to be given it. */
    private record Entry(byte[] certId, byte[] der, Instant usableUntil) {}

    private final Cache<Key, Entry> entries;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();

    OcspResponseCache(Clock clock, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a cache capacity is not negative: " + capacity);
        }
        this.clock = clock;
        this.entries = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    /** Drops the responses for {@code serial}: call it after revoking (or otherwise changing) that certificate. */
    public void invalidate(BigInteger serial) {
        generation.incrementAndGet();
        for (CertIdHash hash : CertIdHash.values()) {
            entries.invalidate(new Key(serial, hash));
        }
    }

    /** Drops every response, for example after the responder's signer certificate was replaced. */
    public void invalidateAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    /** How many responses are held (approximately, as Caffeine counts). */
    public long size() {
        return entries.estimatedSize();
    }

    long generation() {
        return generation.get();
    }

    byte @Nullable [] get(BigInteger serial, CertIdHash hash, byte[] certId) {
        Key key = new Key(serial, hash);
        @Nullable Entry entry = entries.getIfPresent(key);
        if (entry == null || !MessageDigest.isEqual(entry.certId(), certId)) {
            // a CertID that differs in encoding only (say, absent instead of NULL hash parameters) is answered afresh:
            // clients may compare the CertID of the answer with their own byte for byte
            return null;
        }
        if (!clock.instant().isBefore(entry.usableUntil())) {
            entries.asMap().remove(key, entry);
            return null;
        }
        return entry.der().clone();
    }

    /** Stores a response computed after reading {@link #generation()} as {@code seenGeneration}. */
    void put(BigInteger serial, CertIdHash hash, byte[] certId, byte[] der, Instant usableUntil, long seenGeneration) {
        Key key = new Key(serial, hash);
        Entry entry = new Entry(certId.clone(), der.clone(), usableUntil);
        entries.put(key, entry);
        if (generation.get() != seenGeneration) {
            entries.asMap().remove(key, entry);
        }
    }
}
