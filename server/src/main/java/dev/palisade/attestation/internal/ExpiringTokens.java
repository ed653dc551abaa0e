package dev.palisade.attestation.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use, short-lived values held in memory, each for one owner. A used or expired value is remembered for one
 * more lifetime so that a replay can be told from a value never issued; after that it is forgotten and refused as
 * unknown. Memory only, on purpose: a restart forgets every outstanding value, which fails closed (the device asks for
 * a new one), and no value can be replayed from a database backup.
 *
 * @param <K> who a value was issued to
 * @param <V> what the issuer keeps with it
 */
public final class ExpiringTokens<K, V> {

    /** What became of a value presented back. */
    public enum State {
        FRESH,
        UNKNOWN,
        REPLAYED,
        EXPIRED
    }

    /** The outcome of {@link #consume}: the state, and what was kept with a fresh value. */
    public record Use<V>(State state, Optional<V> value) {}

    private record Entry<K, V>(K owner, V value, Instant expiresAt, boolean used) {}

    private final Map<String, Entry<K, V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;

    public ExpiringTokens(Clock clock, Duration lifetime, int capacity) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
    }

    /**
     * Remembers {@code key} (random, unguessable) as issued to {@code owner}; returns when it expires.
     *
     * @throws IllegalStateException when too many values are outstanding (the caller should ask later)
     */
    public Instant issue(String key, K owner, V value) {
        if (entries.size() >= capacity) {
            forgetOld();
            if (entries.size() >= capacity) {
                throw new IllegalStateException("too many outstanding values");
            }
        }
        Instant expiresAt = clock.instant().plus(lifetime);
        entries.put(key, new Entry<>(owner, value, expiresAt, false));
        return expiresAt;
    }

    /** Uses {@code key} for {@code owner}: fresh at most once, and only for the owner it was issued to. */
    public Use<V> consume(String key, K owner) {
        Instant now = clock.instant();
        var result = new Object() {
            State state = State.UNKNOWN;
            Optional<V> value = Optional.empty();
        };
        entries.computeIfPresent(key, (k, entry) -> {
            if (!entry.owner().equals(owner)) {
                return entry; // another owner's value is unknown to this one, and stays usable by its owner
            }
            if (entry.used()) {
                result.state = State.REPLAYED;
            } else if (!now.isBefore(entry.expiresAt())) {
                result.state = State.EXPIRED;
            } else {
                result.state = State.FRESH;
                result.value = Optional.of(entry.value());
            }
            return new Entry<>(entry.owner(), entry.value(), entry.expiresAt(), true);
        });
        return new Use<>(result.state, result.value);
    }

    /** Forgets values whose lifetime, and the lifetime after it during which a replay is recognised, are over. */
    public void forgetOld() {
        Instant horizon = clock.instant().minus(lifetime);
        for (Iterator<Entry<K, V>> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt().isBefore(horizon)) {
                it.remove();
            }
        }
    }

    public int size() {
        return entries.size();
    }
}
