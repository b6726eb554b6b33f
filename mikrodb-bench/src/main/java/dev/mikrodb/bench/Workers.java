package dev.mikrodb.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Threads that each repeat one step until a deadline: the loads that run for a fixed time, measured or warming up. */
public final class Workers {
    /** One step of a worker: {@code worker} numbers the thread from 0, {@code iteration} its steps from 0. */
    @FunctionalInterface
    public interface Step {
        void run(int worker, long iteration) throws Exception;
    }

    private Workers() {
    }

    /**
     * Runs {@code step} on {@code threads} threads named {@code name-N}, each over and over until {@code seconds} have
     * passed, and returns how many steps completed. A worker whose step throws stops; the first failure is thrown once
     * every worker has stopped.
     */
    public static long repeatFor(String name, int threads, double seconds, Step step) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        return repeatWhile(name, threads, () -> System.nanoTime() < end, step);
    }

    /**
     * As {@link #repeatFor}, but each worker goes on while {@code keepGoing} answers true, asked before each step from
     * every worker (so it must be cheap and thread-safe, and once false stay false).
     */
    public static long repeatWhile(String name, int threads, BooleanSupplier keepGoing, Step step) throws Exception {
        long[] completed = new long[threads];
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int worker = t;
            workers[t] = new Thread(() -> {
                try {
                    for (long i = 0; failure.get() == null && keepGoing.getAsBoolean(); i++) {
                        step.run(worker, i);
                        completed[worker]++;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + t);
            workers[t].start();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            workers[t].join();
            total += completed[t];
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return total;
    }
}
