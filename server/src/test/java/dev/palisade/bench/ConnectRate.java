package dev.palisade.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * New connections per second: devices of the fleet connect one after another from several threads, each connection a
 * TCP connection, a full TLS 1.3 handshake with the device's certificate, CONNECT, CONNACK accepted, DISCONNECT and
 * close. Besides the rate, the broker process's CPU time per connection, which a shared machine does not distort.
 */
@SuppressForbidden("prints its figures and progress on the standard streams")
final class ConnectRate {

    /**
     * A broker JVM that has just started compiles its hot paths for tens of seconds (and a JIT compiler's CPU counts
     * as the broker's): warm up until this many connections were made, or for at most {@link #MAX_WARM_UP_SECONDS}.
     */
    private static final int WARM_UP_CONNECTIONS = 6_000;

    private static final double MAX_WARM_UP_SECONDS = 60;

    private ConnectRate() {}

    /** {@code <fleet-dir> <port> <broker-pid> <label> <devices> <threads> <seconds>} */
    static void run(String[] args) throws Exception {
        var target = new MqttLoad.Target(Path.of(args[0]), Integer.parseInt(args[1]));
        long brokerPid = Long.parseLong(args[2]);
        String label = args[3];
        List<Fleet.Device> devices = target.devices(0, Integer.parseInt(args[4]));
        int threads = Integer.parseInt(args[5]);
        double seconds = Double.parseDouble(args[6]);
        MqttTlsClient client = target.client();
        List<InetAddress> sources = MqttLoad.sources();

        var next = new AtomicLong();
        var connected = new AtomicInteger();
        var failed = new AtomicInteger();
        var firstFailure = new AtomicReference<@Nullable Exception>();
        Runnable connectOnce = () -> {
            long i = next.getAndIncrement();
            try {
                client.connectAndDisconnect(
                        devices.get((int) (i % devices.size())), sources.get((int) (i % sources.size())));
                connected.incrementAndGet();
            } catch (IOException | GeneralSecurityException e) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            }
        };

        long warmUpEnds = System.nanoTime() + (long) (MAX_WARM_UP_SECONDS * 1e9);
        while (connected.get() < WARM_UP_CONNECTIONS && System.nanoTime() < warmUpEnds) {
            Throughput.forSeconds(threads, 5, thread -> connectOnce.run());
        }
        System.err.printf(Locale.ROOT, "%s: warmed up with %,d connections%n", label, connected.get());
        connected.set(0);
        failed.set(0);
        long brokerCpu = ProcessStats.cpuNanos(brokerPid);
        long ownCpu = ProcessStats.ownCpuNanos();
        long started = System.nanoTime();
        Throughput.forSeconds(threads, seconds, thread -> connectOnce.run());
        double elapsed = (System.nanoTime() - started) / 1e9;
        double brokerCpuMs = (ProcessStats.cpuNanos(brokerPid) - brokerCpu) / 1e6;
        double ownCpuMs = (ProcessStats.ownCpuNanos() - ownCpu) / 1e6;

        int count = connected.get();
        if (firstFailure.get() != null) {
            System.err.printf(
                    Locale.ROOT, "%s: %d connections failed, the first with %s%n", label, failed.get(), firstFailure);
        }
        System.out.printf(
                Locale.ROOT,
                "result connect label=%s connections=%d seconds=%.1f rate=%.1f broker-cpu-ms=%.3f client-cpu-ms=%.3f"
                        + " failed=%d%n",
                label,
                count,
                elapsed,
                count / elapsed,
                brokerCpuMs / Math.max(1, count),
                ownCpuMs / Math.max(1, count),
                failed.get());
    }
}
