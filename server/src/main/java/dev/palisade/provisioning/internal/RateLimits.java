package dev.palisade.provisioning.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.provisioning.ProvisioningSettings;
import dev.palisade.shared.TenantId;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets on the first-contact path, one per tenant and one per manufacturer CA (as registered with a tenant):
 * a flood of bootstrap certificates, from a leaked batch or a misbehaving factory line, is cut before the manifest,
 * the webhook or the CA is touched. Buckets live in memory, bounded, per node.
 */
@Component
public class RateLimits {

    private final ProvisioningSettings settings;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RateLimits(ProvisioningSettings settings) {
        this.settings = settings;
    }

    /** Takes a token from the tenant's bucket and from the CA's; false (and neither taken) if either is empty. */
    public boolean tryAcquire(TenantId tenant, String caFingerprint) {
        Bucket ofTenant = buckets.get(
                "tenant:" + tenant, key -> bucket(settings.tenantBurst(), settings.tenantRegistrationsPerSecond()));
        Bucket ofCa = buckets.get(
                "ca:" + tenant + ":" + caFingerprint,
                key -> bucket(settings.caBurst(), settings.caRegistrationsPerSecond()));
        if (!ofCa.tryConsume(1)) {
            return false;
        }
        if (!ofTenant.tryConsume(1)) {
            ofCa.addTokens(1);
            return false;
        }
        return true;
    }

    private static Bucket bucket(int capacity, int perSecond) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }
}
