package dev.palisade.provisioning;

import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.provisioning.internal.ClaimRepository;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The owner's side of claiming: a claim names a device of a manufacturer registered with the tenant, as its bootstrap
 * certificate names it, the id it will register as, and the claim code printed on its label; it is open for a while
 * (a day unless said otherwise, five minutes to thirty days). The code is checked for strength and kept only as a
 * salted PBKDF2 hash. At most one claim per device is in play (open or proven) at a time; the owner may cancel it
 * until it is used. The device's side is {@link ClaimProofs}; registering through a proven claim is
 * {@link FirstContact}'s.
 */
@Service
public class DeviceClaims {

    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    public static final Duration SHORTEST = Duration.ofMinutes(5);
    public static final Duration LONGEST = Duration.ofDays(30);

    private static final Pattern SERIAL = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern MODEL = Pattern.compile("[\\x20-\\x7e]{1,128}");

    private final ClaimRepository claims;
    private final Manufacturers manufacturers;
    private final DeviceRegistry devices;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    DeviceClaims(
            ClaimRepository claims,
            Manufacturers manufacturers,
            DeviceRegistry devices,
            TenantTransactions transactions,
            AuditLog audit,
            Clock clock) {
        this.claims = claims;
        this.manufacturers = manufacturers;
        this.devices = devices;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What an owner asks to claim.
     *
     * @param manufacturer the manufacturer's name, as registered with the tenant
     * @param serial the device as its bootstrap certificate names it (subject serialNumber, else common name)
     * @param deviceId the id it registers as; the serial when not given (if that is a valid device id)
     * @param model the device's model, if the owner knows it
     * @param code the claim code on its label
     * @param expiresIn how long the claim stays open; a day when not given
     */
    public record NewClaim(
            @Nullable String manufacturer,
            @Nullable String serial,
            @Nullable String deviceId,
            @Nullable String model,
            @Nullable String code,
            @Nullable Duration expiresIn) {

        @Override
        public String toString() {
            return "NewClaim[" + manufacturer + ", " + serial + ", " + deviceId + ", code redacted]";
        }
    }

    /** Whether {@code text} can name a device as a bootstrap certificate does: 1 to 128 visible ASCII characters. */
    static boolean isSerial(String text) {
        return SERIAL.matcher(text).matches();
    }

    public DeviceClaim create(Caller caller, NewClaim request) {
        String serial = request.serial();
        if (serial == null || !isSerial(serial)) {
            throw new InvalidInputException(
                    "provisioning.claim.invalid-serial",
                    "serial",
                    "serial is required: the device as its bootstrap certificate names it (1 to 128 visible ASCII"
                            + " characters)");
        }
        DeviceId device = deviceId(request.deviceId(), serial);
        String model = request.model();
        if (model != null && !MODEL.matcher(model).matches()) {
            throw new InvalidInputException(
                    "provisioning.claim.invalid-model", "model", "a model is printable ASCII, at most 128 characters");
        }
        Duration lifetime = lifetime(request.expiresIn());
        if (request.manufacturer() == null) {
            throw new InvalidInputException("manufacturer", "manufacturer is required: the name it is registered by");
        }
        ClaimCode code = ClaimCode.forNewClaim(request.code());
        Manufacturer manufacturer = manufacturers.get(caller, request.manufacturer());
        ClaimCode.Hash hash = code.hash(); // slow on purpose: outside the transaction
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var claim = new DeviceClaim(
                caller.tenant(),
                Uuid7.next(clock),
                manufacturer.id(),
                manufacturer.name(),
                serial,
                device,
                model,
                ClaimState.OPEN,
                0,
                now,
                caller.operatorName(),
                now.plus(lifetime),
                null,
                null,
                null,
                null);
        try {
            return transactions.inTenant(caller.tenant(), () -> {
                refuseRegistered(caller, device);
                claims.expireLapsed(caller.tenant(), device, manufacturer.id(), serial, now);
                claims.live(caller.tenant(), device, manufacturer.id(), serial).ifPresent(live -> {
                    throw inPlay(live);
                });
                claims.insert(claim, new ClaimRepository.StoredCode(hash.salt(), hash.value(), hash.iterations()));
                audit.append(caller.audit("provisioning.claim-created", "claim:" + claim.id())
                        .withDetails(Map.of(
                                "manufacturer", manufacturer.name(),
                                "serial", serial,
                                "deviceId", device.value(),
                                "expiresAt", claim.expiresAt().toString())));
                return claim;
            });
        } catch (DuplicateKeyException raced) {
            // another claim for the device was created at the same moment; it holds the place
            throw new ConflictException(
                    "provisioning.claim.exists", "another claim for device '" + device + "' was just created");
        }
    }

    public Page<DeviceClaim> list(Caller caller, @Nullable ClaimState state, PageRequest page) {
        Instant now = clock.instant();
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        claims.page(caller.tenant(), state, now, page.after(), page.limit() + 1),
                        page.limit(),
                        claim -> claim.id().toString()));
    }

    public DeviceClaim get(Caller caller, UUID id) {
        return transactions
                .readInTenant(caller.tenant(), () -> claims.find(caller.tenant(), id))
                .orElseThrow(() -> notFound(id));
    }

    /** Takes back a claim still in play; a used, expired, cancelled or locked claim is left as it is. */
    public DeviceClaim cancel(Caller caller, UUID id) {
        return transactions.inTenant(caller.tenant(), () -> {
            DeviceClaim claim = claims.lock(caller.tenant(), id).orElseThrow(() -> notFound(id));
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            ClaimState state = claim.stateAt(now);
            if (!state.live()) {
                throw new ConflictException(
                        "provisioning.claim.not-cancellable", "the claim is " + state.wireName() + " already");
            }
            claims.end(caller.tenant(), id, ClaimState.CANCELLED, now, caller.operatorName());
            audit.append(caller.audit("provisioning.claim-cancelled", "claim:" + id)
                    .withDetails(Map.of("deviceId", claim.device().value(), "was", state.wireName())));
            return claims.find(caller.tenant(), id).orElseThrow();
        });
    }

    /** A device registered and past provisioned (or decommissioned) gains nothing from a claim: refused up front. */
    private void refuseRegistered(Caller caller, DeviceId device) {
        devices.find(caller.tenant(), device)
                .filter(found -> found.state() != DeviceState.PROVISIONED)
                .ifPresent(found -> {
                    throw new ConflictException(
                            "provisioning.claim.device-registered",
                            "device '" + device + "' is " + found.state().wireName()
                                    + (found.state() == DeviceState.DECOMMISSIONED
                                            ? "; a claim never brings a decommissioned device back"
                                            : "; it needs no claim"));
                });
    }

    private static DeviceId deviceId(@Nullable String given, String serial) {
        if (given != null) {
            return DeviceRegistry.parse("deviceId", given);
        }
        if (!DeviceId.isValid(serial)) {
            throw new InvalidInputException(
                    "provisioning.claim.invalid-device",
                    "deviceId",
                    "the serial is not a valid device id (1 to 128 letters, digits or . _ -): name the id the device"
                            + " registers as in deviceId");
        }
        return DeviceId.of(serial);
    }

    private static Duration lifetime(@Nullable Duration expiresIn) {
        if (expiresIn == null) {
            return DEFAULT_LIFETIME;
        }
        if (expiresIn.compareTo(SHORTEST) < 0 || expiresIn.compareTo(LONGEST) > 0) {
            throw invalidExpiry();
        }
        return expiresIn;
    }

    /** How the API refuses an expiry it cannot read, or one out of bounds. */
    public static InvalidInputException invalidExpiry() {
        return new InvalidInputException(
                "provisioning.claim.invalid-expiry",
                "expiresIn",
                "a claim stays open for an ISO-8601 duration from 5 minutes to 30 days (PT5M to P30D); a day by"
                        + " default");
    }

    private static ConflictException inPlay(DeviceClaim live) {
        return new ConflictException(
                "provisioning.claim.exists",
                "claim " + live.id() + " for device '" + live.device() + "' (" + live.manufacturerName() + " "
                        + live.serial() + ") is " + live.state().wireName() + " until " + live.expiresAt()
                        + "; cancel it first");
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("provisioning.claim.not-found", "no claim " + id);
    }
}
