package dev.palisade.broker;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.identity.DeviceDecommissioned;
import dev.palisade.protocol.command.DeviceCommand;
import dev.palisade.shared.Uuid7;
import dev.palisade.storage.TenantTransactions;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends a decommissioned device that is connected its wipe command, then closes its session, and records what became of
 * the command ({@code device.wipe.sent}, or {@code device.wipe.not-delivered} with why).
 *
 * <p>Ordering. The decommissioning transaction also revokes the device's certificates and moves it out of the active
 * state, and each of those closes live sessions after the commit ({@link RevokedSessions}, {@link FleetSync}): had
 * either run first, the wipe would find no session. All three run on the committing thread, in the order of their
 * listeners' {@code @Order}; this one is ordered just after the PKI's revocation index takes the revoked serials
 * (highest precedence, so that a device cut here cannot reconnect) and before every other listener. It publishes the
 * wipe and closes the session itself once the device acknowledged it (or the acknowledgement timeout passed): the
 * listeners that follow find no session left to close. A device that is not connected cannot be reached: its
 * certificates are revoked and its state refuses it, so it never connects again to receive a wipe.
 */
@Component
class DecommissionedDevices {

    private static final Logger log = LoggerFactory.getLogger(DecommissionedDevices.class);
    private static final Actor BROKER = Actor.system("broker");

    private final EmbeddedBroker broker;
    private final BrokerSettings settings;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    DecommissionedDevices(
            EmbeddedBroker broker,
            BrokerSettings settings,
            TenantTransactions transactions,
            AuditLog audit,
            Clock clock) {
        this.broker = broker;
        this.settings = settings;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    @TransactionalEventListener
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    void on(DeviceDecommissioned decommissioned) {
        var wipe = new DeviceCommand(
                DeviceCommand.WIPE,
                Uuid7.next(clock).toString(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        String commandId = wipe.commandId();
        try {
            CommandDelivery delivery = broker.sendThenDisconnect(
                    decommissioned.tenant(),
                    decommissioned.device(),
                    wipe.topic(decommissioned.device().value()),
                    wipe.toBytes(),
                    settings.commandAcknowledgementTimeout(),
                    "device decommissioned");
            record(decommissioned, commandId, delivery);
        } catch (RuntimeException e) {
            // the decommissioning committed: its caller is answered whatever became of the wipe
            log.warn("The wipe command to decommissioned device {} failed", decommissioned.device(), e);
        }
    }

    private void record(DeviceDecommissioned decommissioned, String commandId, CommandDelivery delivery) {
        String action = delivery.reached() ? "device.wipe.sent" : "device.wipe.not-delivered";
        // after the commit this thread still holds the committed transaction's resources: the record is written on
        // a fresh thread, and waited for, so that the decommissioning's caller is answered once it is recorded
        Thread writer = Thread.ofVirtual()
                .name("wipe-audit")
                .start(() -> transactions.inTenant(decommissioned.tenant(), () -> {
                    audit.append(new AuditEntry(
                            decommissioned.tenant(),
                            BROKER,
                            action,
                            "device:" + decommissioned.device(),
                            decommissioned.requestId(),
                            delivery.reached() ? AuditOutcome.SUCCEEDED : AuditOutcome.FAILED,
                            Map.of("commandId", commandId, "delivery", delivery.wireName())));
                }));
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Wipe command {} to decommissioned device {}: {}", commandId, decommissioned.device(), delivery);
    }
}
