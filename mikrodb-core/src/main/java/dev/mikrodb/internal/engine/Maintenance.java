package dev.mikrodb.internal.engine;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The background threads: {@code mikrodb-maintenance-<dir>} runs the periodic tick (WAL fsync, checkpoint when due)
 * and checkpoints that commits request; {@code mikrodb-expiry-<dir>} runs the expiry sweep. Failures are logged; the
 * next tick tries again.
 *
 * <p>Each thread starts when it first has work, not at open: starting two threads was a third of the time to open a
 * database and answer one get. Periods are kept by one daemon timer thread shared by every database in the JVM
 * ({@code mikrodb-timer}); it only hands each task to its database's own thread, so a long checkpoint of one database
 * delays nothing else. A periodic task is not handed over again while its previous run is queued or running, so
 * runs are spaced by at least the period, as with a fixed delay.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb");

    /** The shared timer, created with the first database opened in this JVM. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "mikrodb-timer");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true); // closed databases leave nothing behind in its queue
            return timer;
        }
    }

    private final ThreadPoolExecutor executor;
    /** Expiry runs on its own thread, so a long checkpoint cannot make items expire late. */
    private final ThreadPoolExecutor expiry;
    private final Path directory;
    private final AtomicBoolean checkpointQueued = new AtomicBoolean();
    private volatile ScheduledFuture<?> tickTimer;
    private volatile ScheduledFuture<?> expiryTimer;
    private volatile boolean stopped;
    /** Every thread the two executors started, to join at close. */
    private final java.util.List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    Maintenance(Path directory) {
        this.directory = directory;
        this.executor = singleThread("mikrodb-maintenance-");
        this.expiry = singleThread("mikrodb-expiry-");
    }

    /** One worker thread, started by the first task it is given. */
    private ThreadPoolExecutor singleThread(String prefix) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + directory.getFileName());
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
    }

    /** Runs {@code sweep} every {@code periodMillis} on the expiry thread. */
    void scheduleExpiry(Runnable sweep, long periodMillis) {
        expiryTimer = every(periodMillis, expiry, "expiry sweep", sweep);
    }

    /** Runs {@code tick} every {@code intervalMillis} on the maintenance thread, starting one interval from now. */
    void schedule(Runnable tick, long intervalMillis) {
        tickTimer = every(intervalMillis, executor, "maintenance tick", tick);
    }

    private ScheduledFuture<?> every(long periodMillis, ExecutorService on, String what, Runnable task) {
        AtomicBoolean pending = new AtomicBoolean();
        Runnable run = () -> {
            try {
                if (!stopped) {
                    runLogged(what, task);
                }
            } finally {
                pending.set(false);
            }
        };
        return Timer.INSTANCE.scheduleWithFixedDelay(() -> {
            if (!stopped && pending.compareAndSet(false, true)) {
                try {
                    on.execute(run);
                } catch (RejectedExecutionException closing) {
                    pending.set(false); // the database is closing: nothing more to run
                }
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
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

    /** Tasks waiting for the maintenance thread (for tests: periodic runs must not pile up behind a long one). */
    int queuedTasks() {
        return executor.getQueue().size();
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

    /** Stops the periods and the threads, letting a running task finish (up to 30 s). */
    @Override
    public void close() {
        stopped = true;
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {tickTimer, expiryTimer}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
        executor.shutdown();
        expiry.shutdown();
        try {
            expiry.awaitTermination(30, TimeUnit.SECONDS);
            executor.awaitTermination(30, TimeUnit.SECONDS);
            // An executor counts as terminated while its last worker is still on its way out; a closed database
            // promises that none of its threads is left, so wait for them to end too.
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.join(5_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
