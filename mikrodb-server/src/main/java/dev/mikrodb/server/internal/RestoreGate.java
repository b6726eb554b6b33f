package dev.mikrodb.server.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gate requests pass while an online restore may swap the database under them: requests {@link #enter} and
 * {@link #exit} it, a restore {@link #close closes} it, waits for the requests inside to leave, swaps, and
 * {@link #open opens} it again. It replaces a fair {@code ReentrantReadWriteLock}, whose read side kept a per-thread
 * hold count in a {@code ThreadLocal} set and removed on every request (5% of an IO thread's samples serving
 * {@code POST /get}); here a request costs one increment and one decrement of a shared counter.
 *
 * <p>Not reentrant: a request inside the gate must not enter it again, since an entry that finds the gate closing
 * waits for the restore, and the restore waits for the requests inside. Once a restore starts closing, no new request
 * gets in (fair to the restore, as the fair lock was), and the requests already inside run to their end.
 */
final class RestoreGate {
    /** Requests inside, plus, for a moment, entries that are about to see the gate closing and back out. */
    private final AtomicInteger inside = new AtomicInteger();
    private volatile boolean closing;

    /** Enters without waiting; false, having entered nothing, while a restore holds the gate or waits for it. */
    boolean tryEnter() {
        inside.incrementAndGet();
        // Dekker's order against close(): the increment is seen by a closer that set the flag before reading the
        // count, or this read sees the flag.
        if (!closing) {
            return true;
        }
        exit();
        return false;
    }

    /** Enters, waiting for a restore that holds the gate to open it again. */
    void enter() throws InterruptedException {
        while (!tryEnter()) {
            synchronized (this) {
                while (closing) {
                    wait();
                }
            }
        }
    }

    void exit() {
        if (inside.decrementAndGet() == 0 && closing) {
            synchronized (this) {
                notifyAll(); // the closer waits for the last request inside to leave
            }
        }
    }

    /**
     * Closes the gate to new requests and waits up to {@code timeout} for those inside to leave; false when they did
     * not (the gate is open again then). A second restore waits, within the same timeout, for the first to
     * {@link #open} the gate.
     */
    synchronized boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (closing) { // another restore holds the gate
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        closing = true;
        try {
            while (inside.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    open();
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } catch (InterruptedException e) {
            open();
            throw e;
        }
    }

    /** Lets requests in again, waking those that wait in {@link #enter}. */
    synchronized void open() {
        closing = false;
        notifyAll();
    }
}
