package dev.mikrodb.internal.engine;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The background threads: {@code mikrodb-maintenance-<dir>} runs the periodic tick (WAL fsync, checkpoint when due)
 * and checkpoints that commits request; {@code mikrodb-expiry-<dir>} runs the expiry sweep. Failures are logged; the
 * next tick tries again.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb");

    private final ScheduledExecutorService executor;
    /** Expiry runs on its own thread, so a long checkpoint cannot make items expire late. */
    private final ScheduledExecutorService expiry;
    private final Path directory;
    private final AtomicBoolean checkpointQueued = new AtomicBoolean();
    private volatile boolean stopped;

    Maintenance(Path directory) {
        this.directory = directory;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mikrodb-maintenance-"));
        this.expiry = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mikrodb-expiry-"));
    }

    private Thread daemon(Runnable r, String prefix) {
        Thread t = new Thread(r, prefix + directory.getFileName());
        t.setDaemon(true);
        return t;
    }

    /** Runs {@code sweep} every {@code periodMillis} on the expiry thread. */
    void scheduleExpiry(Runnable sweep, long periodMillis) {
        expiry.scheduleWithFixedDelay(() -> {
            if (!stopped) {
                sweep.run();
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code tick} every {@code intervalMillis}, starting one interval from now. */
    void schedule(Runnable tick, long intervalMillis) {
        executor.scheduleWithFixedDelay(() -> {
            if (!stopped) {
                tick.run();
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Queues {@code checkpoint} unless one is queued already. */
    void requestCheckpoint(Runnable checkpoint) {
        if (!stopped && checkpointQueued.compareAndSet(false, true)) {
            executor.execute(() -> {
                checkpointQueued.set(false);
                runLogged("checkpoint", checkpoint);
            });
        }
    }

    /** Runs {@code task} on the maintenance thread soon (an automatic index build), logging a failure. */
    void submit(String what, Runnable task) {
        if (!stopped) {
            executor.execute(() -> runLogged(what, task));
        }
    }

    /** Runs {@code task}, logging (not throwing) a failure unless the database is closing. */
    void runLogged(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.log(Level.WARNING, what + " failed in " + directory + ": " + e.getMessage(), e);
            }
        }
    }

    /** Stops the thread, letting a running task finish (up to 30 s). */
    @Override
    public void close() {
        stopped = true;
        executor.shutdown();
        expiry.shutdown();
        try {
            expiry.awaitTermination(30, TimeUnit.SECONDS);
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
