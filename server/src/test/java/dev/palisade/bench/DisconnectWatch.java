package dev.palisade.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches many idle connections on one thread and notes when each one ends: the moment a read finds the end of the
 * stream or a reset. Whatever the broker sends first (its DISCONNECT, TLS close_notify, session tickets) is read and
 * dropped; the connection counts as closed only once it is.
 */
final class DisconnectWatch implements AutoCloseable {

    private static final long OPEN = -1;

    private final Selector selector;
    private final AtomicLongArray closedAt;
    private final Thread watcher;
    private volatile boolean watching = true;

    /** Starts watching {@code connections} (blocking channels; they are switched to non-blocking mode). */
    DisconnectWatch(SocketChannel[] connections) throws IOException {
        this.selector = Selector.open();
        this.closedAt = new AtomicLongArray(connections.length);
        for (int i = 0; i < connections.length; i++) {
            closedAt.set(i, OPEN);
            connections[i].configureBlocking(false);
            connections[i].register(selector, SelectionKey.OP_READ, i);
        }
        this.watcher = Thread.ofPlatform().name("disconnect-watch").daemon().start(this::watch);
    }

    private void watch() {
        ByteBuffer scratch = ByteBuffer.allocateDirect(16 * 1024);
        while (watching) {
            try {
                selector.select(key -> {
                    var channel = (SocketChannel) key.channel();
                    int index = (Integer) key.attachment();
                    boolean ended;
                    try {
                        int read;
                        do {
                            scratch.clear();
                            read = channel.read(scratch);
                        } while (read > 0);
                        ended = read < 0;
                    } catch (IOException reset) {
                        ended = true;
                    }
                    if (ended) {
                        closedAt.set(index, System.nanoTime());
                        key.cancel();
                        try {
                            channel.close();
                        } catch (IOException ignored) {
                            // already gone
                        }
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException("the selector failed", e);
            }
        }
    }

    /** When connection {@code index} ended (System.nanoTime()), waiting up to {@code timeoutNanos} for it. */
    long awaitClosed(int index, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        long at;
        // polled: the time is the one the watcher noted when it read the end, so polling adds nothing to it
        while ((at = closedAt.get(index)) == OPEN) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connection " + index + " was not closed in time");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return at;
    }

    /**
     * When each connection in [{@code from}, {@code to}) ended, waiting until all have or {@code deadline}
     * (System.nanoTime()) passes; -1 for those still open then.
     */
    long[] awaitAllClosed(int from, int to, long deadline) {
        int index = from;
        while (index < to && System.nanoTime() < deadline) {
            if (closedAt.get(index) == OPEN) {
                LockSupport.parkNanos(1_000_000);
            } else {
                index++;
            }
        }
        long[] at = new long[to - from];
        Arrays.setAll(at, i -> closedAt.get(from + i));
        return at;
    }

    /** How many connections in [{@code from}, {@code to}) have ended. */
    int closedAmong(int from, int to) {
        int closed = 0;
        for (int i = from; i < to; i++) {
            closed += closedAt.get(i) == OPEN ? 0 : 1;
        }
        return closed;
    }

    @Override
    public void close() throws IOException {
        watching = false;
        selector.wakeup();
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
