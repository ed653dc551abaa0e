package dev.palisade.api.identity;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.identity.Decommissioning;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.provisioning.DeviceDecommissioning;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Devices of the caller's tenant. */
@RestController
class DeviceController {

    private static final String LIST = "devices";

    private final DeviceRegistry devices;
    private final DeviceDecommissioning decommissioning;
    private final IdempotentCreation idempotent;

    DeviceController(DeviceRegistry devices, DeviceDecommissioning decommissioning, IdempotentCreation idempotent) {
        this.devices = devices;
        this.decommissioning = decommissioning;
        this.idempotent = idempotent;
    }

    @PostMapping("/api/v1/devices")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    ResponseEntity<Object> register(
            Caller caller,
            @RequestBody NewDevice request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/devices",
                request,
                () -> DeviceView.of(devices.register(caller, request.id())),
                view -> view);
    }

    @GetMapping("/api/v1/devices")
    @RequiresPermission(Permission.DEVICES_READ)
    PageResponse<DeviceView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                LIST,
                devices.list(caller, state == null ? null : state(state), Cursors.textKeyed(LIST, cursor, limit)),
                DeviceView::of);
    }

    @GetMapping("/api/v1/devices/{deviceId}")
    @RequiresPermission(Permission.DEVICES_READ)
    DeviceView get(Caller caller, @PathVariable String deviceId) {
        return DeviceView.of(devices.get(caller, DeviceRegistry.parse("deviceId", deviceId)));
    }

    /** Replaces the device's groups, its attributes, or both; a field left out stays as it is. */
    @PatchMapping("/api/v1/devices/{deviceId}")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    DeviceView relabel(Caller caller, @PathVariable String deviceId, @RequestBody Relabel request) {
        return DeviceView.of(devices.relabel(
                caller, DeviceRegistry.parse("deviceId", deviceId), request.groups(), request.attributes()));
    }

    /** Contains the device: its live session and later ones may only reach its remediation topics. */
    @PostMapping("/api/v1/devices/{deviceId}/quarantine")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    DeviceView quarantine(
            Caller caller, @PathVariable String deviceId, @RequestBody(required = false) @Nullable Reason request) {
        return DeviceView.of(devices.quarantine(
                caller, DeviceRegistry.parse("deviceId", deviceId), request == null ? null : request.reason()));
    }

    @PostMapping("/api/v1/devices/{deviceId}/release")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    DeviceView release(
            Caller caller, @PathVariable String deviceId, @RequestBody(required = false) @Nullable Reason request) {
        return DeviceView.of(devices.release(
                caller, DeviceRegistry.parse("deviceId", deviceId), request == null ? null : request.reason()));
    }

    /**
     * Retires the device for good: its certificates revoked, its state decommissioned, a connected device sent its wipe
     * command. A second call answers 409 {@code identity.device.already-decommissioned} and changes nothing.
     */
    @PostMapping("/api/v1/devices/{deviceId}/decommission")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    DeviceView decommission(
            Caller caller, @PathVariable String deviceId, @RequestBody(required = false) @Nullable Reason request) {
        return DeviceView.of(decommissioning.decommission(
                caller, DeviceRegistry.parse("deviceId", deviceId), request == null ? null : request.reason()));
    }

    private static DeviceState state(String wireName) {
        try {
            return DeviceState.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "request.invalid-parameter",
                    "state",
                    "state is one of manufactured, provisioned, active, quarantined, decommissioned");
        }
    }

    /** @param id the device's id, unique within the tenant */
    record NewDevice(@Nullable String id) {}

    /**
     * @param groups the device's groups, replacing those it is in
     * @param attributes the device's attributes, replacing all it has
     */
    record Relabel(@Nullable List<String> groups, @Nullable Map<String, String> attributes) {}

    record Reason(@Nullable String reason) {}

    /**
     * @param decommissioning when, by whom and why the device was last decommissioned; null if it never was (kept when a
     *     re-manufactured device comes back)
     */
    record DeviceView(
            String id,
            String state,
            List<String> groups,
            Map<String, String> attributes,
            Instant createdAt,
            Instant updatedAt,
            @Nullable DecommissioningView decommissioning) {
        static DeviceView of(Device device) {
            Decommissioning last = device.decommissioning();
            return new DeviceView(
                    device.id().value(),
                    device.state().wireName(),
                    List.copyOf(device.groups()),
                    device.attributes(),
                    device.createdAt(),
                    device.updatedAt(),
                    last == null ? null : new DecommissioningView(last.at(), last.by(), last.reason()));
        }
    }

    record DecommissioningView(Instant at, String by, String reason) {}
}
