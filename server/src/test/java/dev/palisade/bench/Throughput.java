package dev.palisade.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs a task once per item index on a number of threads and reports items per second. */
final class Throughput {

    private Throughput() {}

    /** Calls {@code task} for every index in [from, to) from {@code threads} threads; returns items per second. */
    static double run(int threads, int from, int to, IntConsumer task) throws InterruptedException {
        var next = new AtomicInteger(from);
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        task.accept(i);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark worker failed", e.getCause());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return (to - from) / seconds;
    }

    /** Calls {@code task} repeatedly from {@code threads} threads for {@code seconds}; returns calls per second. */
    static double forSeconds(int threads, double seconds, IntConsumer task) throws InterruptedException {
        var calls = new AtomicInteger();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        task.accept(thread);
                        calls.incrementAndGet();
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark worker failed", e.getCause());
        }
        return calls.get() / ((System.nanoTime() - started) / 1e9);
    }
}
