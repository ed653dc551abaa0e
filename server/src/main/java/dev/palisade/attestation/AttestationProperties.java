package dev.palisade.attestation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-wide attestation settings (tenants' own are {@link AttestationSettings}).
 *
 * @param nonceLifetime how long a quote or boot-log nonce may be used (once)
 * @param challengeLifetime how long a credential challenge may be answered (once)
 * @param checkInterval how often the periodic re-attestation check runs
 * @param maxOutstanding nonces and challenges outstanding at once, each; past it devices are asked to retry
 */
@ConfigurationProperties("palisade.attestation")
public record AttestationProperties(
        @DefaultValue("2m") Duration nonceLifetime,
        @DefaultValue("5m") Duration challengeLifetime,
        @DefaultValue("1m") Duration checkInterval,
        @DefaultValue("100000") int maxOutstanding) {

    public AttestationProperties {
        if (nonceLifetime.isNegative() || nonceLifetime.isZero() || nonceLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("palisade.attestation.nonce-lifetime is above 0 and at most 1 hour");
        }
        if (challengeLifetime.isNegative()
                || challengeLifetime.isZero()
                || challengeLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("palisade.attestation.challenge-lifetime is above 0 and at most 1 hour");
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("palisade.attestation.max-outstanding is at least 1");
        }
    }
}
