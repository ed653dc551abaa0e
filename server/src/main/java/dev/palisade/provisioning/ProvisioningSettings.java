package dev.palisade.provisioning;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provisioning settings.
 *
 * @param webhookTimeout how long the registration policy waits for a tenant's webhook before denying
 * @param tenantRegistrationsPerSecond first-contact registrations a tenant may start per second, sustained
 * @param tenantBurst how many a tenant may start at once
 * @param caRegistrationsPerSecond first-contact registrations per second through one manufacturer CA, sustained
 * @param caBurst how many through one manufacturer CA at once
 * @param claimNonceLifetime how long a nonce for a claim proof may be used
 * @param claimMaxAttempts wrong claim codes a claim takes before it locks
 */
@ConfigurationProperties("palisade.provisioning")
public record ProvisioningSettings(
        @DefaultValue("2s") Duration webhookTimeout,
        @DefaultValue("1000") int tenantRegistrationsPerSecond,
        @DefaultValue("2000") int tenantBurst,
        @DefaultValue("500") int caRegistrationsPerSecond,
        @DefaultValue("1000") int caBurst,
        @DefaultValue("2m") Duration claimNonceLifetime,
        @DefaultValue("5") int claimMaxAttempts) {

    public ProvisioningSettings {
        if (webhookTimeout.isNegative()
                || webhookTimeout.isZero()
                || webhookTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("palisade.provisioning.webhook-timeout is between 1 ms and 30 s");
        }
        if (tenantRegistrationsPerSecond < 1 || tenantBurst < 1 || caRegistrationsPerSecond < 1 || caBurst < 1) {
            throw new IllegalArgumentException("palisade.provisioning rates and bursts are at least 1");
        }
        if (claimNonceLifetime.compareTo(Duration.ofSeconds(10)) < 0
                || claimNonceLifetime.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("palisade.provisioning.claim-nonce-lifetime is between 10 s and 10 min");
        }
        if (claimMaxAttempts < 1 || claimMaxAttempts > 20) {
            throw new IllegalArgumentException("palisade.provisioning.claim-max-attempts is between 1 and 20");
        }
    }
}
