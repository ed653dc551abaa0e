package dev.palisade.broker;

import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The session registry as operators use it: who is connected, since when, from where, with which certificate and
 * under which policies; what each device has done on the broker; and disconnecting a device by hand, audited.
 */
@Service
public class BrokerSessions {

    private final EmbeddedBroker broker;
    private final DeviceRegistry devices;
    private final TenantTransactions transactions;
    private final AuditLog audit;

    BrokerSessions(EmbeddedBroker broker, DeviceRegistry devices, TenantTransactions transactions, AuditLog audit) {
        this.broker = broker;
        this.devices = devices;
        this.transactions = transactions;
        this.audit = audit;
    }

    public List<LiveSession> list(Caller caller) {
        return broker.sessions(caller.tenant());
    }

    public LiveSession get(Caller caller, DeviceId device) {
        devices.get(caller, device);
        return broker.session(caller.tenant(), device).orElseThrow(() -> notConnected(device));
    }

    /** What the broker counted of a registered device since the server started (zeros if it has not seen it). */
    public DeviceMetrics metrics(Caller caller, DeviceId device) {
        devices.get(caller, device);
        return broker.metrics(caller.tenant(), device).orElseGet(BrokerSessions::nothingSeen);
    }

    /**
     * Closes the device's live session ("not authorized", without its will). The device may reconnect at once if its
     * certificate and state allow: to keep it out, quarantine it or revoke its certificates.
     */
    public void disconnect(Caller caller, DeviceId device, @Nullable String reason) {
        devices.get(caller, device);
        String why = reason == null || reason.isBlank() ? "disconnected by an operator" : reason.strip();
        if (why.length() > 512) {
            throw new dev.palisade.shared.problem.InvalidInputException("reason", "a reason is at most 512 characters");
        }
        transactions.inTenant(caller.tenant(), () -> {
            if (!broker.disconnect(caller.tenant(), device, why)) {
                throw notConnected(device);
            }
            audit.append(caller.audit("device.disconnected", "device:" + device).withDetails(Map.of("reason", why)));
        });
    }

    private static NotFoundException notConnected(DeviceId device) {
        return new NotFoundException("broker.session.not-found", "device '" + device + "' has no live session");
    }

    private static DeviceMetrics nothingSeen() {
        return new DeviceMetrics(0, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, List.of(), false, List.of(), null);
    }
}
