package dev.palisade.agent;

import dev.palisade.protocol.ota.UpdateDirective;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One device's credential over time: the first enrolment with the bootstrap credential, the MQTT session with the
 * operational one, and renewal when the schedule says so: a new key and certificate over EST, authenticated by the
 * current one, then the session moved onto them. The old certificate simply runs out; nothing revokes it.
 */
public final class ManagedDevice implements AutoCloseable {

    private final String id;
    private final Endpoints endpoints;
    private final EstEnrolment enrolment;
    private final RenewalSchedule schedule;
    private final Clock clock;
    private final DeviceAgent.Listener listener;
    private final @Nullable Consumer<UpdateDirective> updates;
    private @Nullable DeviceCredential credential;
    private @Nullable DeviceAgent agent;
    private @Nullable Instant renewAt;

    public ManagedDevice(
            String id,
            Endpoints endpoints,
            EstEnrolment enrolment,
            RenewalSchedule schedule,
            Clock clock,
            DeviceAgent.Listener listener) {
        this(id, endpoints, enrolment, schedule, clock, listener, null);
    }

    /**
     * A device whose every session also hands the update directives it receives to {@code updates} (see {@link
     * DeviceAgent}); the session after a renewal keeps doing so.
     */
    public ManagedDevice(
            String id,
            Endpoints endpoints,
            EstEnrolment enrolment,
            RenewalSchedule schedule,
            Clock clock,
            DeviceAgent.Listener listener,
            @Nullable Consumer<UpdateDirective> updates) {
        this.id = id;
        this.updates = updates;
        this.endpoints = endpoints;
        this.enrolment = enrolment;
        this.schedule = schedule;
        this.clock = clock;
        this.listener = listener;
    }

    /** Enrols with {@code bootstrap} and connects with the certificate it gets. */
    public synchronized void start(DeviceCredential bootstrap) throws EnrolmentException, InterruptedException {
        useAndConnect(enrolment.enrol(id, bootstrap));
    }

    /** Renews if the schedule says it is time; true if it did. */
    public synchronized boolean renewIfDue() throws EnrolmentException, InterruptedException {
        if (renewAt == null || !RenewalSchedule.isDue(renewAt, clock.instant())) {
            return false;
        }
        renew();
        return true;
    }

    /** A new key and certificate now, and the session moved onto them. */
    public synchronized void renew() throws EnrolmentException, InterruptedException {
        DeviceCredential current = credential;
        if (current == null) {
            throw new IllegalStateException("not enrolled yet");
        }
        DeviceCredential renewed = enrolment.renew(id, current);
        DeviceAgent old = agent;
        if (old != null) {
            old.close();
        }
        useAndConnect(renewed);
    }

    public synchronized @Nullable DeviceCredential credential() {
        return credential;
    }

    public synchronized @Nullable DeviceAgent agent() {
        return agent;
    }

    /** When the current certificate is to be renewed. */
    public synchronized @Nullable Instant renewalTime() {
        return renewAt;
    }

    private void useAndConnect(DeviceCredential next) throws EnrolmentException, InterruptedException {
        credential = next;
        renewAt = schedule.renewalTime(next.certificate().getNotBefore().toInstant(), next.notAfter());
        DeviceAgent connected = new DeviceAgent(id, next, endpoints, listener, () -> {}, updates);
        agent = connected;
        try {
            connected.connect().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new EnrolmentException("enrolled, but the broker did not take the new certificate: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (agent != null) {
            agent.close();
        }
    }
}
