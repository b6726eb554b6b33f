package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.HistoryCompactedException;
import dev.mikrodb.MikroDBException;
import dev.mikrodb.Subscription;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One subscriber: a bounded queue of live commits and the daemon thread that delivers from it, in revision order,
 * each commit once.
 *
 * <p>Catching up: the thread marks the history (under the commit lock the queue is emptied, so every later commit
 * lands in the queue) and reads every commit up to the mark from the log; then it delivers the queue, skipping
 * revisions it has passed. A queue that fills up does not drop anything: it is flagged, and the thread catches up
 * from the log again from the last revision it delivered. Writers never wait for a subscriber, and a slow one costs
 * at most its queue's memory. Only when the log no longer holds what it missed (past {@code changeRetention}) does
 * the subscription end, telling the listener why.
 */
final class QueuedSubscription implements Subscription {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.events");

    private record Pending(List<ChangeEvent> commit, long walPosition) {
    }

    /** Ends a read of the log early, once the subscription is closed. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private final String name;
    private final EventFilter filter;
    private final ChangeListener listener;
    private final BlockingQueue<Pending> queue;
    private final LongConsumer durabilityGate;
    private final ChangeHistory history;
    private final Consumer<QueuedSubscription> onClose;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Held while the listener runs; {@link #close} takes it to wait for a delivery in progress. */
    private final java.util.concurrent.locks.ReentrantLock delivering = new java.util.concurrent.locks.ReentrantLock();
    private final Thread thread;
    private volatile boolean overflowed;
    private volatile boolean closed;
    private volatile boolean draining;
    /** The revision of the last commit delivered or passed over; only the delivery thread changes it. */
    private volatile long position;
    /** The last commit offered (relevant or not) and the last one queued; written under the commit lock. */
    private volatile long offeredThrough;
    private volatile long queuedThrough;
    private boolean replayFirst;

    QueuedSubscription(String name, EventFilter filter, ChangeListener listener, int capacity,
                       LongConsumer durabilityGate, ChangeHistory history, Consumer<QueuedSubscription> onClose) {
        this.name = name;
        this.filter = filter;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.durabilityGate = durabilityGate;
        this.history = history;
        this.onClose = onClose;
        this.thread = new Thread(this::run, "mikrodb-events-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * @param revision the revision delivery starts after
     * @param replay whether to read the commits after {@code revision} from the history first (otherwise the
     *     subscription was added to the bus when the last commit had {@code revision})
     */
    void start(long revision, boolean replay) {
        position = revision;
        replayFirst = replay;
        thread.start();
    }

    /** Called under the commit lock with one commit's events. */
    void offer(List<ChangeEvent> commit, long walPosition) {
        if (closed || overflowed || commit.isEmpty()) {
            return;
        }
        boolean relevant = false;
        for (ChangeEvent e : commit) {
            relevant |= filter.matches(e);
        }
        long revision = commit.get(0).revision();
        if (relevant) {
            queuedThrough = revision; // before offeredThrough: see deliveredRevision
        }
        offeredThrough = revision;
        if (relevant && !queue.offer(new Pending(commit, walPosition))) {
            if (history != null) {
                overflowed = true; // the thread reads the rest from the log
                return;
            }
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // log at 1, 2, 4, 8, ... drops, not on every one
                LOG.log(Level.WARNING, "subscriber '" + name + "' is " + queue.size()
                        + " commits behind; dropped " + n + " so far");
            }
        }
    }

    private void run() {
        try {
            if (replayFirst) {
                catchUp();
            }
            deliverLoop();
        } catch (HistoryCompactedException e) {
            LOG.log(Level.WARNING, "subscriber '" + name + "' ends: " + e.getMessage());
            endWith(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MikroDBException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "subscriber '" + name + "' ends: " + e.getMessage());
                endWith(e);
            }
        }
    }

    /** Reads from the log every commit after {@link #position} up to a fresh mark; later ones arrive queued. */
    private void catchUp() throws InterruptedException {
        long mark = history.mark(() -> {
            queue.clear();
            overflowed = false;
        });
        if (mark <= position) {
            return;
        }
        try {
            history.read(position, mark, event -> {
                if (closed || Thread.currentThread().isInterrupted()) {
                    throw new Stop(); // closed meanwhile: stop reading the log
                }
                position = event.revision();
                if (filter.matches(event)) {
                    deliver(event);
                }
            });
        } catch (Stop stop) {
            throw new InterruptedException("subscription closed while catching up");
        }
        position = Math.max(position, mark);
    }

    private void deliverLoop() throws InterruptedException {
        while (!closed) {
            if (overflowed) {
                catchUp();
                continue;
            }
            Pending p;
            try {
                p = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (draining) {
                    continue;
                }
                throw e;
            }
            if (p == null) {
                if (draining) {
                    return;
                }
                continue;
            }
            long revision = p.commit().get(0).revision();
            if (history != null && revision <= position) {
                continue; // already delivered from the log
            }
            durabilityGate.accept(p.walPosition());
            for (ChangeEvent e : p.commit()) {
                if (filter.matches(e)) {
                    deliver(e);
                }
            }
            position = revision;
        }
    }

    private void deliver(ChangeEvent event) {
        delivering.lock();
        try {
            if (closed) {
                return;
            }
            listener.onChange(filter.shape(event));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            long n = failures.incrementAndGet();
            if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th... failure: a broken listener cannot flood logs
                LOG.log(Level.WARNING, "listener '" + name + "' failed on " + event.operation() + " of "
                        + event.table() + "/" + event.key() + " (" + n + " failures so far): " + t, n == 1 ? t : null);
            }
        } finally {
            delivering.unlock();
        }
    }

    private void endWith(MikroDBException e) {
        try {
            listener.onError(e);
        } catch (RuntimeException ignored) {
            // the subscription ends either way
        }
        close();
    }

    /** Lets the thread deliver what is queued for up to {@code millis}, then stops it. */
    void drainAndStop(long millis) {
        draining = true;
        try {
            thread.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * {@link #position}, or, when everything queued has been delivered, the last commit offered: the commits in
     * between did not concern this subscriber. {@code offeredThrough} is read first; {@code offer} writes it last.
     */
    @Override
    public long deliveredRevision() {
        long offered = offeredThrough;
        long delivered = position;
        if (!overflowed && queuedThrough <= delivered && offered > delivered) {
            return offered;
        }
        return delivered;
    }

    /** Events waiting to be delivered (those of the commits in the queue). */
    int queued() {
        int events = 0;
        for (Pending p : queue) {
            events += p.commit().size();
        }
        return events;
    }

    @Override
    public long droppedEvents() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            thread.interrupt(); // ends a listener's wait (a webhook's backoff, a stream not yet started)
            queue.clear();
            onClose.accept(this);
        }
        // Once close returns no event is delivered any more: wait out one being delivered now (the lock is
        // reentrant, so a listener may close its own subscription).
        delivering.lock();
        delivering.unlock();
    }
}
