package dev.palisade.provisioning;

import dev.palisade.provisioning.internal.ClaimRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Claims as first contact sees them, for a bootstrap certificate that no manifest of the tenant lists: the proven
 * claim it registers through, or why there is none. The claim is checked again, under a row lock, where the
 * registration consumes it.
 */
@Component
class ClaimVouchers {

    private final ClaimRepository claims;
    private final TenantTransactions transactions;
    private final Clock clock;

    ClaimVouchers(ClaimRepository claims, TenantTransactions transactions, Clock clock) {
        this.claims = claims;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What the tenant's claims say of a bootstrap certificate. */
    sealed interface Standing {

        /** A claim the certificate proved, in play: the device registers through it. */
        record Usable(DeviceClaim claim) implements Standing {}

        /** No usable claim; {@code facts} name the claim that stands in the way, if one does. */
        record Refused(Refusal refusal, Map<String, String> facts) implements Standing {}
    }

    Standing standing(TenantId tenant, Manufacturer manufacturer, X509Certificate bootstrap, byte[] fingerprint) {
        Instant now = clock.instant();
        return transactions.readInTenant(tenant, () -> {
            Optional<DeviceClaim> proven = claims.newestProvenBy(tenant, manufacturer.id(), fingerprint);
            if (proven.isPresent() && proven.get().stateAt(now) == ClaimState.PROVEN) {
                return new Standing.Usable(proven.get());
            }
            Optional<DeviceClaim> newest = BootstrapSubject.serialOf(bootstrap)
                    .flatMap(serial -> claims.newestFor(tenant, manufacturer.id(), serial));
            // the newest claim on the device speaks first: a claim made after an old one was used or expired is the one
            // that matters now
            Optional<DeviceClaim> relevant =
                    newest.isPresent() && newest.get().stateAt(now).live() ? newest : proven;
            relevant = relevant.or(() -> newest);
            if (relevant.isEmpty()) {
                return new Standing.Refused(
                        new Refusal(
                                RefusalReason.NOT_IN_MANIFEST,
                                "no manifest of " + manufacturer.name()
                                        + " lists this bootstrap certificate, and no claim names its device"),
                        Map.of());
            }
            DeviceClaim claim = relevant.get();
            return new Standing.Refused(
                    refusal(claim, now), Map.of("claim", claim.id().toString()));
        });
    }

    /** The claim, locked for the registration that consumes it, if it can still register its device. */
    Optional<Refusal> lockForUse(TenantId tenant, DeviceClaim candidate) {
        DeviceClaim claim = claims.lock(tenant, candidate.id()).orElseThrow();
        Instant now = clock.instant();
        return claim.stateAt(now) == ClaimState.PROVEN ? Optional.empty() : Optional.of(refusal(claim, now));
    }

    void markUsed(TenantId tenant, DeviceClaim claim, Instant at, String requestId) {
        claims.markUsed(tenant, claim.id(), at, requestId);
    }

    /** The claim the certificate proved, if it is still in play (for a device that waits to attest). */
    Optional<DeviceClaim> usableProvenBy(TenantId tenant, Manufacturer manufacturer, byte[] fingerprint) {
        Instant now = clock.instant();
        return transactions
                .readInTenant(tenant, () -> claims.newestProvenBy(tenant, manufacturer.id(), fingerprint))
                .filter(claim -> claim.stateAt(now) == ClaimState.PROVEN);
    }

    /**
     * Why {@code claim} does not let a device register (or prove it) now. A proven claim is refused only to a
     * certificate other than the one that proved it: callers let that one through before asking.
     */
    static Refusal refusal(DeviceClaim claim, Instant now) {
        ClaimState state = claim.stateAt(now);
        String id = "claim " + claim.id();
        return switch (state) {
            case OPEN ->
                new Refusal(
                        RefusalReason.CLAIM_NOT_PROVEN,
                        id + " waits for the device to prove it holds the claim code: ask /device/v1/claim/nonce,"
                                + " send the proof to /device/v1/claim/proof, then enrol again");
            case PROVEN ->
                new Refusal(
                        RefusalReason.CLAIM_PROVEN_ELSEWHERE,
                        id + " was proven by another bootstrap certificate naming the same device");
            case USED ->
                new Refusal(RefusalReason.CLAIM_USED, id + " registered device '" + claim.device() + "' already");
            case EXPIRED -> new Refusal(RefusalReason.CLAIM_EXPIRED, id + " expired at " + claim.expiresAt());
            case CANCELLED -> new Refusal(RefusalReason.CLAIM_CANCELLED, id + " was cancelled by its owner");
            case LOCKED ->
                new Refusal(
                        RefusalReason.CLAIM_LOCKED,
                        id + " is locked after " + claim.failedAttempts() + " wrong codes; its owner makes a new one");
        };
    }
}
