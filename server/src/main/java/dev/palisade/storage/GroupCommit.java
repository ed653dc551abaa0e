package dev.palisade.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * <p>Work that many callers do alike can be done for all of them at once ({@link Batched}): the items handed to one
 * batched piece of work that queue up together are given to it together, so that it writes them with one statement
 * per table instead of one per caller, and tells each caller its own outcome.
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
        return await(new Single<>(work, new CompletableFuture<>()));
    }

    /**
     * Runs {@code item} through {@code batched} in a transaction shared with other callers', together with the items
     * of theirs that were handed to the same {@code batched} meanwhile, and returns its result once that transaction
     * has committed; throws its refusal or failure (nothing of it is committed then). Inside a transaction already,
     * the item is done alone in it.
     */
    public <I, R> R run(Batched<I, R> batched, I item) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            try {
                return BatchItem.answer(batched.runAll(List.of(item)), 1)
                        .getFirst()
                        .resultOrThrow();
            } catch (ItemFailed failed) {
                throw failed.failure(); // the surrounding transaction rolls back with it
            }
        }
        return await(new BatchItem<>(batched, item, new CompletableFuture<>()));
    }

    private <T> T await(Unit<T> unit) {
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
        var unit = new Single<Boolean>(
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
                if (attempt.failedGroupEnd > 0 && pending.size() > 1) {
                    // a batch failed without naming its item: each of its items is answered alone
                    List<Unit<?>> group = pending.subList(attempt.failedAt, attempt.failedGroupEnd);
                    List<Unit<?>> alone = List.copyOf(group);
                    group.clear();
                    alone.forEach(this::alone);
                    continue;
                }
                int failed = attempt.failedAt < 0 ? 0 : attempt.failedAt;
                Unit<?> culprit = pending.remove(failed);
                if (pending.isEmpty() && attempt.failedAt >= 0) {
                    culprit.done().completeExceptionally(cause(failure)); // it failed alone: that is its answer
                } else {
                    alone(culprit);
                }
                continue;
            }
            for (int i = 0; i < pending.size(); i++) {
                attempt.outcomes.get(i).answer(pending.get(i));
            }
            pending.clear();
        }
    }

    private void alone(Unit<?> unit) {
        try {
            var attempt = new Attempt(1);
            transaction.executeWithoutResult(status -> attempt.runAll(List.of(unit)));
            attempt.outcomes.getFirst().answer(unit);
        } catch (RuntimeException | Error failure) {
            if (!(failure instanceof RuntimeException)) {
                log.error("A unit of work failed with an error; its transaction rolled back", failure);
            }
            unit.done().completeExceptionally(cause(failure));
        }
    }

    /** What a caller is told when its work failed: the failure of its own item, if a batch named the item. */
    private static Throwable cause(Throwable failure) {
        return failure instanceof ItemFailed itemFailed ? itemFailed.failure() : failure;
    }

    /**
     * Work done for many callers' items at once, so that a batch costs one statement per table rather than one per
     * item. Callers hand their items to {@link #run(Batched, Object)}; the items that queue up together for the same
     * {@code Batched} are given to {@link #runAll} together.
     */
    public interface Batched<I, R> {

        /**
         * Does the work of every item, in the current transaction, and returns each one's outcome in order. An item
         * refused before anything of it was written gets {@link Outcome#refused} and the others go on. A failure that
         * may leave an item half-written must throw, rolling back the transaction: {@link ItemFailed} names the item,
         * which is then answered alone while the others are done again without it; any other exception has every item
         * done again alone.
         */
        List<Outcome<R>> runAll(List<I> items);
    }

    /** One item's outcome from {@link Batched#runAll}: its result, or the refusal it is answered with. */
    public record Outcome<R>(@Nullable R result, @Nullable RuntimeException refusal) {

        public static <R> Outcome<R> of(R result) {
            return new Outcome<>(result, null);
        }

        public static <R> Outcome<R> refused(RuntimeException refusal) {
            return new Outcome<>(null, refusal);
        }

        @SuppressWarnings("NullAway") // a batch whose callers expect no result answers null
        R resultOrThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return result;
        }

        @SuppressWarnings("unchecked")
        void answer(Unit<?> unit) {
            var done = (CompletableFuture<R>) unit.done();
            if (refusal != null) {
                done.completeExceptionally(refusal);
            } else {
                done.complete(result);
            }
        }
    }

    /** Thrown by {@link Batched#runAll} for a failure of one item ({@code index}) that must roll the batch back. */
    public static final class ItemFailed extends RuntimeException {

        private final int index;

        public ItemFailed(int index, RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.index = index;
        }

        int index() {
            return index;
        }

        RuntimeException failure() {
            return (RuntimeException) Objects.requireNonNull(getCause());
        }
    }

    /**
     * One try at a batch: the outcomes so far, and which unit threw (−1 while none has, or when the commit failed);
     * when a batch threw without naming its item, the end of its units too.
     */
    private static final class Attempt {

        private final List<Outcome<?>> outcomes;
        private int failedAt = -1;
        private int failedGroupEnd = -1;

        Attempt(int size) {
            this.outcomes = new ArrayList<>(size);
        }

        void runAll(List<Unit<?>> units) {
            int i = 0;
            while (i < units.size()) {
                failedAt = i;
                switch (units.get(i)) {
                    case Single<?> single -> {
                        outcomes.add(Outcome.of(single.work().get()));
                        i++;
                    }
                    case BatchItem<?, ?> first -> i = runGroup(units, i, first.batched());
                }
            }
            failedAt = -1; // a failure from here on is the commit's: no unit to blame, the first is retried alone
        }

        /** Runs the items handed to {@code batched} from {@code start} on, as one group; returns the index after it. */
        private int runGroup(List<Unit<?>> units, int start, Batched<?, ?> batched) {
            int end = start + 1;
            while (end < units.size() && units.get(end) instanceof BatchItem<?, ?> next && next.batched() == batched) {
                end++;
            }
            List<Object> items = new ArrayList<>(end - start);
            for (Unit<?> unit : units.subList(start, end)) {
                items.add(((BatchItem<?, ?>) unit).item());
            }
            try {
                @SuppressWarnings("unchecked")
                var untyped = (Batched<Object, ?>) batched;
                outcomes.addAll(BatchItem.answer(untyped.runAll(items), items.size()));
            } catch (ItemFailed failure) {
                failedAt = start + failure.index();
                throw failure;
            } catch (RuntimeException failure) {
                failedGroupEnd = end;
                throw failure;
            }
            return end;
        }
    }

    /** A caller's work waiting for a commit, with the future it is answered through. */
    private sealed interface Unit<T> permits Single, BatchItem {

        CompletableFuture<T> done();
    }

    private record Single<T>(Supplier<T> work, CompletableFuture<T> done) implements Unit<T> {}

    private record BatchItem<I, R>(Batched<I, R> batched, I item, CompletableFuture<R> done) implements Unit<R> {

        /** {@code outcomes}, checked to hold one for each of the {@code expected} items. */
        static <R> List<Outcome<R>> answer(List<Outcome<R>> outcomes, int expected) {
            if (outcomes.size() != expected) {
                throw new IllegalStateException(
                        "a batch of " + expected + " item(s) answered " + outcomes.size() + " of them");
            }
            return outcomes;
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
