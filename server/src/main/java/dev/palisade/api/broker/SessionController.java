package dev.palisade.api.broker;

import dev.palisade.api.security.RequiresPermission;
import dev.palisade.broker.BrokerSessions;
import dev.palisade.broker.DeviceMetrics;
import dev.palisade.broker.LiveSession;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Live MQTT sessions of the caller's tenant and the devices' traffic on the broker. */
@RestController
class SessionController {

    private final BrokerSessions sessions;

    SessionController(BrokerSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/sessions")
    @RequiresPermission(Permission.DEVICES_READ)
    SessionList list(Caller caller) {
        return new SessionList(
                sessions.list(caller).stream().map(SessionView::of).toList());
    }

    @GetMapping("/api/v1/devices/{deviceId}/session")
    @RequiresPermission(Permission.DEVICES_READ)
    SessionView get(Caller caller, @PathVariable String deviceId) {
        return SessionView.of(sessions.get(caller, DeviceRegistry.parse("deviceId", deviceId)));
    }

    /** Disconnects the device now; it may reconnect unless it is quarantined or its certificate revoked as well. */
    @DeleteMapping("/api/v1/devices/{deviceId}/session")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    ResponseEntity<Void> disconnect(
            Caller caller, @PathVariable String deviceId, @RequestParam(required = false) @Nullable String reason) {
        sessions.disconnect(caller, DeviceRegistry.parse("deviceId", deviceId), reason);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/devices/{deviceId}/mqtt-metrics")
    @RequiresPermission(Permission.DEVICES_READ)
    DeviceMetrics metrics(Caller caller, @PathVariable String deviceId) {
        return sessions.metrics(caller, DeviceRegistry.parse("deviceId", deviceId));
    }

    record SessionList(List<SessionView> sessions) {}

    /**
     * @param certificateSerial lower-case hexadecimal
     * @param issuer the issuing CA's id
     */
    record SessionView(
            String deviceId,
            Instant connectedSince,
            @Nullable String address,
            String certificateSerial,
            String issuer,
            List<String> policies,
            boolean quarantined,
            DeviceMetrics metrics) {
        static SessionView of(LiveSession session) {
            var identity = session.device().identity();
            return new SessionView(
                    identity.device().value(),
                    session.device().since(),
                    session.device().address(),
                    identity.serial().toString(16),
                    identity.issuer().toString(),
                    session.policies(),
                    session.quarantined(),
                    session.metrics());
        }
    }
}
