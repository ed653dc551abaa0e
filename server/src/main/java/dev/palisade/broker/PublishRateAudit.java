package dev.palisade.broker;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.storage.TenantTransactions;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Records each episode of a device publishing over its limit, off the broker's threads: the broker hands a report over
 * and goes on at once; one writer appends it to the tenant's audit log ({@code device.publish-rate.exceeded}, or
 * {@code device.publish-rate.disconnected}) and publishes it as a domain event in the same transaction. Reports come
 * once per episode, not per message, but a fleet flooding at once could still bring many: they wait in a bounded queue,
 * and what does not fit is counted and dropped rather than held without end (the broker's meters count every episode
 * anyway).
 */
@Component
class PublishRateAudit implements Consumer<PublishRateExceeded> {

    private static final Logger log = LoggerFactory.getLogger(PublishRateAudit.class);
    private static final Actor BROKER = Actor.system("broker");
    private static final int QUEUED = 4096;

    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final BlockingQueue<PublishRateExceeded> queue = new ArrayBlockingQueue<>(QUEUED);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;

    PublishRateAudit(TenantTransactions transactions, AuditLog audit, ApplicationEventPublisher events) {
        this.transactions = transactions;
        this.audit = audit;
        this.events = events;
        this.writer = Thread.ofVirtual().name("publish-rate-audit").start(this::write);
    }

    /** Takes a report from the broker's thread; never blocks it. */
    @Override
    public void accept(PublishRateExceeded report) {
        if (!queue.offer(report)) {
            long count = dropped.incrementAndGet();
            if (Long.bitCount(count) == 1) { // 1, 2, 4, 8 …: the log must not flood either
                log.warn("{} publish rate report(s) dropped: too many devices over their limit at once", count);
            }
        }
    }

    private void write() {
        while (!Thread.currentThread().isInterrupted()) {
            PublishRateExceeded report;
            try {
                report = queue.take();
            } catch (InterruptedException stopping) {
                return;
            }
            try {
                transactions.inTenant(report.tenant(), () -> {
                    audit.append(entry(report));
                    events.publishEvent(report);
                });
            } catch (RuntimeException e) {
                log.warn(
                        "Could not record that device {} published over its limit: {}",
                        report.device(),
                        e.getMessage());
            }
        }
    }

    static AuditEntry entry(PublishRateExceeded report) {
        boolean disconnected = report.stage() == PublishRateExceeded.Stage.DISCONNECTED;
        return new AuditEntry(
                report.tenant(),
                BROKER,
                disconnected ? "device.publish-rate.disconnected" : "device.publish-rate.exceeded",
                "device:" + report.device(),
                "publish-rate-" + report.at().truncatedTo(ChronoUnit.SECONDS),
                disconnected ? AuditOutcome.SUCCEEDED : AuditOutcome.REFUSED,
                Map.of(
                        "messagesPerSecond",
                                BigDecimal.valueOf(report.messagesPerSecond())
                                        .stripTrailingZeros()
                                        .toPlainString(),
                        "burst", Integer.toString(report.burst()),
                        "bytesPerSecond", Long.toString(report.bytesPerSecond()),
                        "refused", Long.toString(report.refused()),
                        "overSeconds", Long.toString(report.over().toSeconds()),
                        "heldOffSeconds", Long.toString(report.heldOff().toSeconds())));
    }

    @PreDestroy
    void stop() {
        writer.interrupt();
    }
}
