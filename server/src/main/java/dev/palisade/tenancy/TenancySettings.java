package dev.palisade.tenancy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenancy settings.
 *
 * @param platformTenantSlug slug of the platform tenant created on first start
 * @param bootstrapTokenTtl lifetime of the admin token created on first start
 * @param defaultTokenTtl lifetime of a token created without an explicit {@code expiresIn}
 * @param maxTokenTtl longest lifetime a token may be given
 */
@ConfigurationProperties("palisade.tenancy")
public record TenancySettings(
        @DefaultValue("default") String platformTenantSlug,
        @DefaultValue("30d") Duration bootstrapTokenTtl,
        @DefaultValue("90d") Duration defaultTokenTtl,
        @DefaultValue("365d") Duration maxTokenTtl) {

    public TenancySettings {
        if (defaultTokenTtl.compareTo(maxTokenTtl) > 0 || bootstrapTokenTtl.compareTo(maxTokenTtl) > 0) {
            throw new IllegalArgumentException("palisade.tenancy token lifetimes must not exceed max-token-ttl");
        }
        if (maxTokenTtl.isNegative() || maxTokenTtl.isZero()) {
            throw new IllegalArgumentException("palisade.tenancy.max-token-ttl must be positive");
        }
    }
}
