package dev.mikrodb.internal.storage;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Lets concurrent writers share fsyncs. A writer whose record is not yet durable either becomes the leader (when no
 * fsync is running) and forces the log, or parks until an fsync has covered its position. Waiters do not queue on a
 * lock behind the next leader: when an fsync ends, the leader wakes exactly the writers it covered, which return at
 * once, and the oldest one it did not cover, which leads the next fsync. (With a lock held across the fsync, covered
 * writers sat behind an uncovered one's fsync, and 16 writers shared fsyncs only about 2 at a time. With a monitor
 * and {@code notifyAll}, every fsync woke all sixteen, and those not covered competed for the monitor only to wait
 * again.)
 */
final class GroupCommit {
    /** A parked writer: the position it waits for, and whether a leader has woken it since it last looked. */
    private static final class Waiter {
        final long lsn;
        final Thread thread = Thread.currentThread();
        volatile boolean woken;
        /** In {@link #waiters}; guarded by the lock. */
        boolean queued;

        Waiter(long lsn) {
            this.lsn = lsn;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private boolean forcing;
    /** Parked writers, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    /**
     * Returns once {@code durable} reaches {@code lsn}, running {@code force} as leader when no fsync is under way.
     * Not interruptible: an interrupt is kept for the caller, since the write is already in the log.
     */
    void await(long lsn, LongSupplier durable, Runnable force) {
        boolean interrupted = false;
        Waiter me = null;
        try {
            while (true) {
                boolean leader = false;
                lock.lock();
                try {
                    if (durable.getAsLong() >= lsn || !forcing) {
                        if (me != null && me.queued) {
                            waiters.remove(me);
                        }
                        me = null;
                        if (durable.getAsLong() >= lsn) {
                            return;
                        }
                        forcing = true;
                        leader = true;
                    } else {
                        if (me == null) {
                            me = new Waiter(lsn);
                        }
                        me.woken = false; // (again, if woken to lead while another writer led first)
                        if (!me.queued) {
                            me.queued = true;
                            waiters.addLast(me);
                        }
                    }
                } finally {
                    lock.unlock();
                }
                if (leader) {
                    Thread.yield(); // writers just released by the last fsync append before this one starts
                    lead(force, durable);
                    continue; // the fsync covered this writer, unless it failed and threw
                }
                while (!me.woken) {
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        interrupted = true; // parking again at once would spin on the flag
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writers parked now (for tests). */
    int parked() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the fsync, then wakes the writers it covered and the oldest one it did not (the next leader); after a
     * failed fsync, every waiter, so that each meets the failure.
     */
    private void lead(Runnable force, LongSupplier durable) {
        boolean done = false;
        try {
            force.run();
            done = true;
        } finally {
            ArrayDeque<Waiter> wake = new ArrayDeque<>();
            lock.lock();
            try {
                forcing = false;
                long reached = durable.getAsLong();
                boolean nextLeader = false;
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (!done || w.lsn <= reached) {
                        it.remove();
                        w.queued = false;
                        wake.add(w);
                    } else if (!nextLeader) {
                        nextLeader = true;
                        wake.add(w); // stays queued: it leads, or waits again if a new writer led first
                    }
                }
            } finally {
                lock.unlock();
            }
            for (Waiter w : wake) {
                w.woken = true;
                LockSupport.unpark(w.thread);
            }
        }
    }
}
