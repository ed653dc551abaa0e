package dev.palisade.cli.simulate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;

/** Runs a task per item on virtual threads, a bounded number at once. */
final class Parallel {

    /** A task that may be interrupted. */
    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws Exception;
    }

    private Parallel() {}

    /**
     * Runs {@code task} for each item, at most {@code parallel} at once, and waits for all; a task's exception is
     * handed to {@code failed} and the others go on.
     */
    static <T> void each(
            Collection<T> items, int parallel, Task<T> task, java.util.function.BiConsumer<T, Exception> failed)
            throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        List<Thread> threads = new ArrayList<>(items.size());
        for (T item : items) {
            slots.acquire();
            threads.add(Thread.ofVirtual().name("scenario-", 0).start(() -> {
                try {
                    task.run(item);
                } catch (Exception e) {
                    failed.accept(item, e);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
