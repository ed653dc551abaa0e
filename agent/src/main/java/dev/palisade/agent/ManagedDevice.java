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
 * One device's credential over time: the first enrolment with the bootstrap credential (or a credential it already
 * holds, after a restart), the MQTT session with the operational one, and renewal when the schedule says so: a new key
 * and certificate over EST, authenticated by the current one, kept durably by its {@link Keeper}, then the session
 * moved onto them. The old certificate simply runs out; nothing revokes it.
 */
public final class ManagedDevice implements AutoCloseable {

    /**
     * Keeps a renewed credential durably before the session moves onto it, so that a device restarted at any moment
     * finds either the old credential or the new one, never neither.
     */
    @FunctionalInterface
    public interface Keeper {
        void keep(DeviceCredential renewed) throws Exception;
    }

    private final String id;
    private final Endpoints endpoints;
    private final EstEnrolment enrolment;
    private final RenewalSchedule schedule;
    private final Clock clock;
    private final DeviceAgent.Listener listener;
    private final @Nullable Consumer<UpdateDirective> updates;
    private final DeviceAgent.Wipe wipe;
    private final DeviceAgent.@Nullable Conversation conversation;
    private final Keeper keeper;
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
        this(id, endpoints, enrolment, schedule, clock, listener, updates, () -> {}, renewed -> {});
    }

    /**
     * A device that also acts on the server's wipe command with {@code wipe} (see {@link DeviceAgent}), and keeps each
     * renewed credential with {@code keeper} before using it.
     */
    public ManagedDevice(
            String id,
            Endpoints endpoints,
            EstEnrolment enrolment,
            RenewalSchedule schedule,
            Clock clock,
            DeviceAgent.Listener listener,
            @Nullable Consumer<UpdateDirective> updates,
            DeviceAgent.Wipe wipe,
            Keeper keeper) {
        this(id, endpoints, enrolment, schedule, clock, listener, updates, wipe, keeper, null);
    }

    /**
     * A device whose every session also holds {@code conversation} with the server (its twin, see {@link
     * DeviceAgent.Conversation}); the conversation outlives the sessions, so the session after a renewal takes it up.
     */
    public ManagedDevice(
            String id,
            Endpoints endpoints,
            EstEnrolment enrolment,
            RenewalSchedule schedule,
            Clock clock,
            DeviceAgent.Listener listener,
            @Nullable Consumer<UpdateDirective> updates,
            DeviceAgent.Wipe wipe,
            Keeper keeper,
            DeviceAgent.@Nullable Conversation conversation) {
        this.id = id;
        this.conversation = conversation;
        this.updates = updates;
        this.endpoints = endpoints;
        this.enrolment = enrolment;
        this.schedule = schedule;
        this.clock = clock;
        this.listener = listener;
        this.wipe = wipe;
        this.keeper = keeper;
    }

    /** Enrols with {@code bootstrap} and connects with the certificate it gets. */
    public synchronized void start(DeviceCredential bootstrap) throws EnrolmentException, InterruptedException {
        useAndConnect(enrolment.enrol(id, bootstrap));
    }

    /**
     * Connects with {@code operational}, a credential the device already holds (a restarted device). The agent is in
     * place even when this throws: it keeps trying to connect unless the broker refused it.
     */
    public synchronized void resume(DeviceCredential operational) throws EnrolmentException, InterruptedException {
        useAndConnect(operational);
    }

    /** Renews if the schedule says it is time; true if it did. */
    public synchronized boolean renewIfDue() throws EnrolmentException, InterruptedException {
        if (renewAt == null || !RenewalSchedule.isDue(renewAt, clock.instant())) {
            return false;
        }
        renew();
        return true;
    }

    /**
     * A new key and certificate now, kept, and the session moved onto them. The EST request runs without holding this
     * device, so the current session stays usable meanwhile; if it or the keeping fails, the current credential stays
     * in use.
     */
    public void renew() throws EnrolmentException, InterruptedException {
        DeviceCredential current = credential();
        if (current == null) {
            throw new IllegalStateException("not enrolled yet");
        }
        DeviceCredential renewed = enrolment.renew(id, current);
        try {
            keeper.keep(renewed);
        } catch (Exception e) {
            throw new EnrolmentException("renewed, but keeping the new credential failed: " + e.getMessage(), e);
        }
        synchronized (this) {
            // one session per client id: the old one goes first, or the two would take the session from each other
            DeviceAgent old = agent;
            if (old != null) {
                old.stop("stopped, to reconnect with the renewed certificate");
            }
            useAndConnect(renewed);
        }
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
        DeviceAgent connected = new DeviceAgent(id, next, endpoints, listener, wipe, updates, conversation);
        agent = connected;
        try {
            connected.connect().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new EnrolmentException("the broker did not take the certificate: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (agent != null) {
            agent.close();
        }
    }
}
