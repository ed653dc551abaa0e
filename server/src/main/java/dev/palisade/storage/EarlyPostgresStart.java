package dev.palisade.storage;

import dev.palisade.shared.DataDirectory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the server process begins, so that unpacking,
 * initialising and starting the database overlap with the rest of the server's start-up instead of preceding it. The
 * server's database configuration takes the running instance over; if nobody does (an external database was
 * configured after all, or start-up failed), {@link #close()} stops it again.
 */
public final class EarlyPostgresStart implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final CompletableFuture<EmbeddedPostgres> starting;
    private volatile boolean handedOver;

    private EarlyPostgresStart(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.starting = new CompletableFuture<>();
        Thread.ofPlatform().name("postgres-start").daemon().start(() -> {
            try {
                starting.complete(EmbeddedPostgres.startOrAttach(
                        dataDirectory.postgres(), dataDirectory.secrets(), Ownership.TAKE_OVER));
            } catch (RuntimeException | Error e) {
                starting.completeExceptionally(e);
            }
        });
    }

    public static EarlyPostgresStart begin(DataDirectory dataDirectory) {
        return new EarlyPostgresStart(dataDirectory);
    }

    /** Whether this start is for the installation in {@code other}. */
    public boolean isFor(DataDirectory other) {
        return dataDirectory.equals(other);
    }

    /** Waits for the database and hands it over: from now on the caller closes it. */
    public EmbeddedPostgres takeOver() {
        try {
            EmbeddedPostgres postgres = starting.join();
            handedOver = true;
            return postgres;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** Stops the database unless it was handed over. */
    @Override
    public void close() {
        if (!handedOver) {
            starting.thenAccept(EmbeddedPostgres::close)
                    .exceptionally(failure -> null)
                    .join();
        }
    }
}
