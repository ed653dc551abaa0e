package dev.palisade.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.api.ApiSettings;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Counts failed token attempts per source address in a token bucket: an address that exhausts its bucket is refused
 * without its token being checked until the bucket refills. Successful requests cost nothing. Memory stays bounded
 * however many addresses try.
 */
@Component
public class AuthenticationFailures {

    private final int failuresPerMinute;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    AuthenticationFailures(ApiSettings settings) {
        this.failuresPerMinute = settings.authFailuresPerMinute();
    }

    /** True while {@code address} has used up its failed attempts. */
    public boolean blocked(String address) {
        Bucket bucket = buckets.getIfPresent(address);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    public void recordFailure(String address) {
        buckets.get(address, this::newBucket).tryConsume(1);
    }

    /** Seconds until {@code address} may try again; for the Retry-After header. */
    public long secondsUntilRetry(String address) {
        Bucket bucket = buckets.getIfPresent(address);
        if (bucket == null) {
            return 0;
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Math.max(1, Duration.ofNanos(nanos).toSeconds());
    }

    private Bucket newBucket(String address) {
        return Bucket.builder()
                .addLimit(limit ->
                        limit.capacity(failuresPerMinute).refillGreedy(failuresPerMinute, Duration.ofMinutes(1)))
                .build();
    }
}
