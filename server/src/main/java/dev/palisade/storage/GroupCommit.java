package dev.palisade.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits many callers' small transactions as one. A caller hands its work here and waits; one thread takes whatever
 * has queued up and runs it all, in order, in a single transaction, then answers every caller once it has committed.
 * The commit (its disk flush, the audit log's signed checkpoint, the locks a transaction holds until it ends) is paid
 * once per batch instead of once per caller; under light load a batch is one unit of work and nothing waits.
 *
 * <p>Each caller sees the outcome it would have had alone. When one unit throws, the whole transaction rolls back
 * (with the events it published: none of them is delivered), the failing unit is run again alone so that its caller
 * gets its own answer, and the others are run again as a batch. A unit must therefore touch only the database (and
 * publish events): its work may run more than once before it commits, and what it did in a rolled-back attempt must
 * vanish with it. Work that must not be repeated, signing a certificate say, belongs before {@link #run}.
 *
 * <p>Work runs on the committing thread, so it must not wait for another caller of this class.
 */
@Component
public class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final int MAX_BATCH = 256;
    private static final int QUEUE_CAPACITY = 20_000;

    private final TransactionTemplate transaction;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running;
    private Thread worker = new Thread(() -> {});

    public GroupCommit(PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Runs {@code work} in a transaction shared with other callers' and returns its result once that transaction has
     * committed; throws what {@code work} threw (nothing of it is committed then). Inside a transaction already, the
     * work joins it instead.
     */
    public <T> T run(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        var unit = new Unit<T>(work, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(unit, 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the database is not accepting work (stopping or overloaded)");
            }
            return unit.done().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit", e);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Hands {@code work} to the next shared transaction and returns at once: for bookkeeping whose caller needs no
     * answer, such as the bytes a download served. A failure is logged. What is queued when the process dies is lost
     * (milliseconds' worth under load), so nothing that was acknowledged to anyone belongs here. When the queue is full
     * or the worker is stopping, the work runs at once on the caller's thread instead: nothing handed here is dropped.
     */
    public void submit(Runnable work) {
        var unit = new Unit<Boolean>(
                () -> {
                    work.run();
                    return Boolean.TRUE;
                },
                new CompletableFuture<>());
        unit.done().whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.warn("Bookkeeping handed to the group commit failed and was not recorded", failure);
            }
        });
        if (!running || !queue.offer(unit)) {
            transaction.executeWithoutResult(status -> work.run());
        }
    }

    private void drain() {
        List<Unit<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Commits {@code batch}, taking out and answering alone each unit that fails, until every unit is answered. */
    private void commit(List<Unit<?>> batch) {
        List<Unit<?>> pending = new ArrayList<>(batch);
        while (!pending.isEmpty()) {
            var attempt = new Attempt(pending.size());
            try {
                transaction.executeWithoutResult(status -> attempt.runAll(pending));
            } catch (RuntimeException | Error failure) {
                int failed = attempt.failedAt < 0 ? 0 : attempt.failedAt;
                Unit<?> culprit = pending.remove(failed);
                if (pending.isEmpty() && attempt.failedAt >= 0) {
                    culprit.done().completeExceptionally(failure); // it failed alone: that is its answer
                } else {
                    alone(culprit);
                }
                continue;
            }
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).complete(attempt.results.get(i));
            }
            pending.clear();
        }
    }

    private void alone(Unit<?> unit) {
        try {
            var attempt = new Attempt(1);
            transaction.executeWithoutResult(status -> attempt.runAll(List.of(unit)));
            unit.complete(attempt.results.getFirst());
        } catch (RuntimeException | Error failure) {
            if (!(failure instanceof RuntimeException)) {
                log.error("A unit of work failed with an error; its transaction rolled back", failure);
            }
            unit.done().completeExceptionally(failure);
        }
    }

    /** One try at a batch: the results so far, and which unit threw (−1 while none has, or when the commit failed). */
    private static final class Attempt {

        private final List<@Nullable Object> results;
        private int failedAt = -1;

        Attempt(int size) {
            this.results = new ArrayList<>(size);
        }

        void runAll(List<Unit<?>> units) {
            for (int i = 0; i < units.size(); i++) {
                failedAt = i;
                results.add(units.get(i).work().get());
            }
            failedAt = -1; // a failure from here on is the commit's: no unit to blame, the first is retried alone
        }
    }

    private record Unit<T>(Supplier<T> work, CompletableFuture<T> done) {

        @SuppressWarnings("unchecked")
        void complete(@Nullable Object result) {
            done.complete((T) result);
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("group-commit").daemon().start(this::drain);
    }

    @Override
    public void stop() {
        running = false;
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Running before the web servers take requests and after they stop, like the certificate writer. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
