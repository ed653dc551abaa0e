package dev.palisade.storage.internal;

import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Serialises starting, attaching and provisioning for one PostgreSQL directory, so that a server and a CLI started
 * together do not both unpack, initialise, generate passwords or create roles. The operating system drops the lock
 * when its holder dies, so a killed process never leaves it stuck.
 */
public final class StartupLock implements AutoCloseable {

    /**
     * File locks belong to the whole JVM: a second lock on the same file from another thread fails instead of waiting,
     * so callers within one JVM queue here first, one queue per lock file (a holder may take a second, different
     * lock, as the unpacking of shared binaries does under a data directory's lock).
     */
    private static final ConcurrentMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final Semaphore queue;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StartupLock(FileChannel channel, Semaphore queue) {
        this.channel = channel;
        this.queue = queue;
    }

    /** Waits up to {@code timeout} for the lock on {@code lockFile}, creating the file when needed. */
    public static StartupLock acquire(Path lockFile, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore queue =
                IN_THIS_JVM.computeIfAbsent(lockFile.toAbsolutePath().normalize(), file -> new Semaphore(1, true));
        try {
            if (!queue.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(lockFile, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while waiting for " + lockFile, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            while (tryLock(channel) == null) {
                if (System.nanoTime() > deadline) {
                    throw busy(lockFile, timeout);
                }
                Thread.sleep(50);
            }
            return new StartupLock(channel, queue);
        } catch (IOException e) {
            release(channel, queue);
            throw new EmbeddedPostgresException("cannot lock " + lockFile, e);
        } catch (InterruptedException e) {
            release(channel, queue);
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while waiting for " + lockFile, e);
        } catch (RuntimeException e) {
            release(channel, queue);
            throw e;
        }
    }

    /** Releases the file lock (closing its channel does) and lets the next caller in this JVM proceed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release(channel, queue);
        }
    }

    private static void release(@Nullable FileChannel channel, Semaphore queue) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // the descriptor is gone either way, and with it the lock
        } finally {
            queue.release();
        }
    }

    private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static EmbeddedPostgresException busy(Path lockFile, Duration timeout) {
        return new EmbeddedPostgresException("another Palisade process has been starting the embedded PostgreSQL for"
                + " more than " + timeout.toSeconds() + " s (it holds " + lockFile + "); wait for it or stop it");
    }
}
