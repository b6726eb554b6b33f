package dev.mikrodb.internal.storage;

import java.util.function.LongSupplier;

/**
 * Lets concurrent writers share fsyncs. A writer whose record is not yet durable either becomes the leader (when no
 * fsync is running) and forces the log, or waits until an fsync has covered its position. Waiters do not queue on a
 * lock behind the next leader: when an fsync ends, every writer it covered returns at once, and one that it did not
 * cover leads the next. (With a lock held across the fsync, covered writers sat behind an uncovered one's fsync, and
 * 16 writers in sync mode shared fsyncs only about 2 at a time.)
 */
final class GroupCommit {
    private final Object monitor = new Object();
    private boolean forcing;
    /** Writers waiting on the monitor now; guarded by it (for tests). */
    private int waiting;

    /**
     * Returns once {@code durable} reaches {@code lsn}, running {@code force} as leader when no fsync is under way.
     * Not interruptible: an interrupt is kept for the caller, since the write is already in the log.
     */
    void await(long lsn, LongSupplier durable, Runnable force) {
        boolean interrupted = false;
        try {
            boolean leader = false;
            synchronized (monitor) {
                while (!leader && durable.getAsLong() < lsn) {
                    if (!forcing) {
                        forcing = true;
                        leader = true;
                    } else {
                        waiting++;
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        } finally {
                            waiting--;
                        }
                    }
                }
            }
            if (leader) {
                Thread.yield(); // writers just released by the last fsync append before this one starts
                lead(force);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writers waiting for an fsync now (for tests). */
    int parked() {
        synchronized (monitor) {
            return waiting;
        }
    }

    private void lead(Runnable force) {
        try {
            force.run();
        } finally {
            synchronized (monitor) {
                forcing = false;
                monitor.notifyAll();
            }
        }
    }
}
