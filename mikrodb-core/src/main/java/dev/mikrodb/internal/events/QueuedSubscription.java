package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.Subscription;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** One subscriber: a bounded queue and the daemon thread that delivers from it. */
final class QueuedSubscription implements Subscription {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.events");

    private record Pending(ChangeEvent event, long walPosition) {
    }

    private final String name;
    private final String table;
    private final Set<String> events;
    private final ChangeListener listener;
    private final BlockingQueue<Pending> queue;
    private final LongConsumer durabilityGate;
    private final Consumer<QueuedSubscription> onClose;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean draining;

    QueuedSubscription(String name, String table, Set<String> events, ChangeListener listener, int capacity,
                       LongConsumer durabilityGate, Consumer<QueuedSubscription> onClose) {
        this.name = name;
        this.table = table;
        this.events = Set.copyOf(events);
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.durabilityGate = durabilityGate;
        this.onClose = onClose;
        this.thread = new Thread(this::deliverLoop, "mikrodb-events-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void offer(ChangeEvent event, long walPosition) {
        if (closed || (table != null && !table.equals(event.table()))
                || (!events.isEmpty() && !events.contains(event.operation()))) {
            return;
        }
        if (!queue.offer(new Pending(event, walPosition))) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // log at 1, 2, 4, 8, ... drops, not on every one
                LOG.log(Level.WARNING, "subscriber '" + name + "' is " + queue.size()
                        + " events behind; dropped " + n + " events so far");
            }
        }
    }

    private void deliverLoop() {
        while (!closed) {
            Pending p;
            try {
                p = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (draining) {
                    continue;
                }
                return;
            }
            if (p == null) {
                if (draining) {
                    return;
                }
                continue;
            }
            try {
                durabilityGate.accept(p.walPosition());
                listener.onChange(p.event());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                long n = failures.incrementAndGet();
                if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th... failure: a broken listener cannot flood logs
                    LOG.log(Level.WARNING, "listener '" + name + "' failed on " + p.event().operation() + " of "
                            + p.event().table() + "/" + p.event().key() + " (" + n + " failures so far): " + t,
                            n == 1 ? t : null);
                }
            }
        }
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

    /** Events waiting to be delivered. */
    int queued() {
        return queue.size();
    }

    @Override
    public long droppedEvents() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            thread.interrupt();
            queue.clear();
            onClose.accept(this);
        }
    }
}
