package dev.palisade.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Concurrent idle sessions and what they cost the broker: devices connect (keep-alive 0, so the broker never times
 * them out) and stay connected without a word; at each step the broker JVM's heap after a full collection and its
 * resident memory are read. The client keeps only the bare TCP connection of each session, no TLS state.
 *
 * <p>A process can hold no more connections than its open-files limit allows; the steps stop short of the broker's
 * (and this client's) limit, and say so.
 */
@SuppressForbidden("prints its figures and progress on the standard streams")
final class IdleSessions {

    private static final int THREADS = 8;
    /** Files the broker process keeps open beyond its sessions and may open later (database, logs, persistence). */
    private static final int SPARE_FILES = 400;

    private IdleSessions() {}

    /** {@code <fleet-dir> <port> <broker-pid> <sessions>...} */
    static void run(String[] args) throws Exception {
        var target = new MqttLoad.Target(Path.of(args[0]), Integer.parseInt(args[1]));
        long brokerPid = Long.parseLong(args[2]);
        int[] steps =
                Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray();
        long[] brokerFiles = ProcessStats.openFiles(brokerPid);
        long[] ownFiles = ProcessStats.openFiles(ProcessHandle.current().pid());
        long reachable = Math.min(brokerFiles[1] - brokerFiles[0], ownFiles[1] - ownFiles[0]) - SPARE_FILES;
        System.err.printf(
                Locale.ROOT,
                "open files: broker %d of %d, client %d of %d: at most %d sessions here%n",
                brokerFiles[0],
                brokerFiles[1],
                ownFiles[0],
                ownFiles[1],
                reachable);
        System.out.printf(
                Locale.ROOT,
                "result idle-limit broker-open-files-limit=%d client-open-files-limit=%d reachable=%d%n",
                brokerFiles[1],
                ownFiles[1],
                reachable);
        int last = (int) Math.min(Arrays.stream(steps).max().orElseThrow(), reachable);
        List<Fleet.Device> devices = target.devices(0, last);
        MqttTlsClient client = target.client();
        List<InetAddress> sources = MqttLoad.sources();

        report(brokerPid, 0, 0, 0);
        long heapBefore = ProcessStats.heapAfterFullGcKiB(brokerPid);
        var sessions = new SocketChannel[last];
        int held = 0;
        for (int step : steps) {
            int goal = Math.min(step, last);
            if (goal <= held) {
                continue;
            }
            long started = System.nanoTime();
            int from = held;
            double rate = Throughput.run(THREADS, from, goal, i -> {
                try {
                    sessions[i] = client.connect(devices.get(i), sources.get(i % sources.size()), 0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            held = goal;
            System.err.printf(
                    Locale.ROOT,
                    "%,d sessions (%,.0f connections/s, %.0f s)%n",
                    held,
                    rate,
                    (System.nanoTime() - started) / 1e9);
            Thread.sleep(3_000); // let the broker finish what each CONNECT started
            report(brokerPid, held, alive(sessions, held), heapBefore);
        }
        for (int i = 0; i < held; i++) {
            sessions[i].close();
        }
    }

    private static void report(long brokerPid, int sessions, int alive, long heapBefore)
            throws IOException, InterruptedException {
        long heap = ProcessStats.heapAfterFullGcKiB(brokerPid);
        long resident = ProcessStats.residentKiB(brokerPid);
        System.out.printf(
                Locale.ROOT,
                "result idle sessions=%d alive=%d heap-after-gc-mib=%.1f rss-mib=%.1f heap-per-session-kib=%.2f"
                        + " broker-open-files=%d client-open-files=%d%n",
                sessions,
                alive,
                heap / 1024.0,
                resident / 1024.0,
                sessions == 0 ? 0.0 : (heap - heapBefore) / (double) sessions,
                ProcessStats.openFiles(brokerPid)[0],
                ProcessStats.openFiles(ProcessHandle.current().pid())[0]);
    }

    /** How many of the first {@code count} sessions the broker has not closed. */
    private static int alive(SocketChannel[] sessions, int count) throws IOException {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        int alive = 0;
        for (int i = 0; i < count; i++) {
            SocketChannel session = sessions[i];
            session.configureBlocking(false);
            int read;
            try {
                // whatever the broker sent after the CONNACK (TLS session tickets) is of no interest
                do {
                    scratch.clear();
                    read = session.read(scratch);
                } while (read > 0);
            } catch (IOException reset) {
                read = -1;
            }
            alive += read < 0 ? 0 : 1;
        }
        return alive;
    }
}
