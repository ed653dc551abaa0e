package dev.palisade.api.provisioning;

import dev.palisade.api.provisioning.ProvisioningViews.ClaimView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.provisioning.ClaimState;
import dev.palisade.provisioning.DeviceClaims;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Claims on devices that no manifest lists: the owner claims one with the code on its label, lists claims and cancels
 * them (docs/provisioning.md, "Claiming"). The code goes in and never comes out.
 */
@RestController
class ClaimController {

    private static final String CLAIMS = "/api/v1/provisioning/claims";

    private final DeviceClaims claims;
    private final Clock clock;

    ClaimController(DeviceClaims claims, Clock clock) {
        this.claims = claims;
        this.clock = clock;
    }

    @PostMapping(CLAIMS)
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    ResponseEntity<ClaimView> create(Caller caller, @RequestBody NewClaimRequest request) {
        var created = claims.create(
                caller,
                new DeviceClaims.NewClaim(
                        request.manufacturer(),
                        request.serial(),
                        request.deviceId(),
                        request.model(),
                        request.code(),
                        duration(request.expiresIn())));
        return ResponseEntity.status(HttpStatus.CREATED).body(ClaimView.of(created, clock.instant()));
    }

    @GetMapping(CLAIMS)
    @RequiresPermission(Permission.PROVISIONING_READ)
    PageResponse<ClaimView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        var page = claims.list(caller, state(state), Cursors.uuidKeyed(CLAIMS, cursor, limit));
        var now = clock.instant();
        return PageResponse.of(CLAIMS, page, claim -> ClaimView.of(claim, now));
    }

    @GetMapping(CLAIMS + "/{claimId}")
    @RequiresPermission(Permission.PROVISIONING_READ)
    ClaimView get(Caller caller, @PathVariable String claimId) {
        return ClaimView.of(claims.get(caller, PathIds.uuid("claimId", claimId)), clock.instant());
    }

    /** Cancels a claim still in play; answers the claim as it now stands. */
    @DeleteMapping(CLAIMS + "/{claimId}")
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    ClaimView cancel(Caller caller, @PathVariable String claimId) {
        return ClaimView.of(claims.cancel(caller, PathIds.uuid("claimId", claimId)), clock.instant());
    }

    private static @Nullable ClaimState state(@Nullable String name) {
        if (name == null) {
            return null;
        }
        try {
            return ClaimState.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "request.invalid-parameter",
                    "state",
                    "state is one of open, proven, used, expired, cancelled, locked");
        }
    }

    private static @Nullable Duration duration(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw DeviceClaims.invalidExpiry();
        }
    }

    /**
     * @param manufacturer the manufacturer's name, as registered with the tenant
     * @param serial the device as its bootstrap certificate names it (subject serialNumber, else common name)
     * @param deviceId the id it registers as; the serial when left out
     * @param model its model, if known
     * @param code the claim code printed on the device
     * @param expiresIn ISO-8601 duration, PT5M to P30D; PT24H when left out
     */
    record NewClaimRequest(
            @Nullable String manufacturer,
            @Nullable String serial,
            @Nullable String deviceId,
            @Nullable String model,
            @Nullable String code,
            @Nullable String expiresIn) {

        @Override
        public String toString() {
            return "NewClaimRequest[" + manufacturer + ", " + serial + ", code redacted]";
        }
    }
}
