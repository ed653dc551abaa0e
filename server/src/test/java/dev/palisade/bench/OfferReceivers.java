package dev.palisade.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live MQTT 5 sessions of devices subscribed to their own offer topic, each read by a virtual thread of its own that
 * acknowledges every QoS 1 PUBLISH and notes when it arrived. The benchmark runs in rounds: in each, every device is
 * to receive one message more; a round ends when the last device has received its message, and its time is the
 * arrival of that last message, read on the client's side of the broker.
 */
@SuppressForbidden("reports a session the broker ended on the standard error stream")
final class OfferReceivers implements AutoCloseable {

    /** One round: every device receiving its {@code expected}-th message. */
    static final class Round {

        private final int expected;
        private final CountDownLatch devicesLeft;
        private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);

        private Round(int expected, int devices) {
            this.expected = expected;
            this.devicesLeft = new CountDownLatch(devices);
        }

        /** Waits for the round's last message; returns its arrival ({@link System#nanoTime()}). */
        long awaitLast(long timeoutSeconds) throws InterruptedException {
            if (!devicesLeft.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException(devicesLeft.getCount() + " devices did not receive message " + expected
                        + " within " + timeoutSeconds + " s");
            }
            return lastArrival.get();
        }
    }

    private final List<MqttTlsClient.Session> sessions = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private volatile Round round = new Round(0, 0);
    private int rounds;

    /** Starts reading {@code session}. */
    void add(MqttTlsClient.Session session) {
        sessions.add(session);
        readers.add(Thread.ofVirtual().name("offers-" + sessions.size()).start(() -> read(session)));
    }

    int size() {
        return sessions.size();
    }

    /** Begins the next round; call before anything of it is published. */
    Round nextRound() {
        Round next = new Round(++rounds, sessions.size());
        round = next;
        return next;
    }

    private void read(MqttTlsClient.Session session) {
        int received = 0;
        int counted = 0;
        try {
            while (true) {
                Mqtt5.Packet packet = session.nextPacket();
                if (packet.type() != Mqtt5.PUBLISH) {
                    continue;
                }
                long arrival = System.nanoTime();
                if (packet.qos() > 0) {
                    session.send(Mqtt5.puback(packet.packetId()));
                }
                received++;
                Round current = round;
                // a repeated offer (at least once) must not count twice
                if (received >= current.expected && counted < current.expected) {
                    counted = current.expected;
                    current.lastArrival.accumulateAndGet(arrival, Math::max);
                    current.devicesLeft.countDown();
                }
            }
        } catch (IOException e) {
            if (session.channel.isOpen()) {
                System.err.println("a session ended: " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (MqttTlsClient.Session session : sessions) {
            session.channel.close();
        }
        for (Thread reader : readers) {
            reader.interrupt();
        }
    }
}
