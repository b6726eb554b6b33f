package dev.mikrodb.internal.engine;

import dev.mikrodb.DatabaseClosedException;
import dev.mikrodb.DurabilityDeferral;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The durability waits of {@link DurabilityDeferral} scopes: a commit made in a scope notes its log position
 * instead of waiting, and one background thread ({@code mikrodb-acks-<dir>}, started on first use) waits for the
 * fsync covering everything noted so far, as a writer in the WAL's group commit, then completes every future that
 * fsync covered. Writes noted while it waits are covered by the next round, so the group grows with the load.
 */
final class DeferredAcks {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final LongConsumer awaitDurable;
    private final String threadName;
    private final Object lock = new Object();
    private final List<Waiter> waiting = new ArrayList<>();
    private Thread thread;
    private boolean closed;

    /** @param awaitDurable waits for the fsync covering a position; throws WriteInDoubtException if it failed */
    DeferredAcks(LongConsumer awaitDurable, String threadName) {
        this.awaitDurable = awaitDurable;
        this.threadName = threadName;
    }

    private record Waiter(long lsn, CompletableFuture<Void> durable) {
    }

    /** Opens a scope on the calling thread (replacing none: scopes do not nest). */
    DurabilityDeferral open() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a durability deferral is already open on this thread");
        }
        Scope scope = new Scope();
        CURRENT.set(scope);
        return scope;
    }

    /** For the committer: notes {@code lsn} and returns true when the calling thread defers its waits here. */
    boolean deferred(long lsn) {
        Scope scope = CURRENT.get();
        if (scope == null || scope.owner() != this) {
            return false;
        }
        scope.lsn = Math.max(scope.lsn, lsn);
        scope.durable = null; // a future made before this commit does not cover it
        return true;
    }

    private CompletableFuture<Void> whenDurable(long lsn) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                durable.completeExceptionally(new DatabaseClosedException("the database closed before the write "
                        + "was forced to disk; it is in the log and recovery will replay it unless the disk lost it"));
                return durable;
            }
            waiting.add(new Waiter(lsn, durable));
            if (thread == null || !thread.isAlive()) { // first use, or an Error ended the last thread
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            }
            lock.notifyAll();
        }
        return durable;
    }

    private void run() {
        while (true) {
            List<Waiter> round;
            synchronized (lock) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // only close ends this thread, and only once nothing waits
                    }
                }
                if (waiting.isEmpty()) {
                    return;
                }
                round = new ArrayList<>(waiting);
                waiting.clear();
            }
            settle(round);
        }
    }

    private void settle(List<Waiter> round) {
        long target = 0;
        for (Waiter w : round) {
            target = Math.max(target, w.lsn());
        }
        try {
            awaitDurable.accept(target);
        } catch (RuntimeException | Error e) {
            round.forEach(w -> w.durable().completeExceptionally(e)); // no writer is left waiting forever
            if (e instanceof Error error) {
                throw error; // this thread ends; the next deferred write starts another
            }
            return;
        }
        round.forEach(w -> w.durable().complete(null));
    }

    /** Forces and completes everything still waiting, then stops the thread; later scopes fail at once. */
    void close() {
        Thread running;
        synchronized (lock) {
            closed = true;
            running = thread;
            lock.notifyAll();
        }
        if (running != null && running != Thread.currentThread()) { // a future's callback may close the database
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Scope implements DurabilityDeferral {
        private long lsn;
        private CompletableFuture<Void> durable;

        DeferredAcks owner() {
            return DeferredAcks.this;
        }

        @Override
        public boolean hasPendingWrites() {
            return lsn > 0;
        }

        @Override
        public CompletableFuture<Void> whenDurable() {
            if (durable == null) {
                durable = lsn == 0 ? CompletableFuture.completedFuture(null) : DeferredAcks.this.whenDurable(lsn);
            }
            return durable;
        }

        @Override
        public void close() {
            if (CURRENT.get() == this) {
                // set(null), not remove(): the IO threads open a scope per write, and a removed entry costs the
                // thread's map a clear and a sweep of stale slots each time
                CURRENT.set(null);
            }
        }
    }
}
