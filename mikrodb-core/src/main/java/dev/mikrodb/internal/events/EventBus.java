package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.Subscription;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Fans committed changes out to subscriptions. {@link #publish} is called under the commit lock, so events enter
 * every queue in commit order; it never blocks. Each subscription has its own bounded queue and delivery thread, so
 * one slow or failing listener delays nobody else.
 */
public final class EventBus implements AutoCloseable {
    private final CopyOnWriteArrayList<QueuedSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final int queueCapacity;
    private final LongConsumer durabilityGate;

    /**
     * @param durabilityGate called with an event's WAL position before it is delivered; in sync mode it waits for
     *     the fsync, so no listener ever sees a change that is not yet durable
     */
    public EventBus(int queueCapacity, LongConsumer durabilityGate) {
        this.queueCapacity = queueCapacity;
        this.durabilityGate = durabilityGate;
    }

    public boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    /**
     * @param table deliver only this table's events, or all when null
     * @param events deliver only these event names, or all when empty
     */
    public Subscription subscribe(String name, String table, Set<String> events, ChangeListener listener) {
        QueuedSubscription s = new QueuedSubscription(name, table, events, listener, queueCapacity, durabilityGate,
                subscriptions::remove);
        subscriptions.add(s);
        s.start();
        return s;
    }

    /** Subscribers now, events waiting in their queues, and events they dropped since they subscribed. */
    public long[] queueStats() {
        long queued = 0;
        long dropped = 0;
        int count = 0;
        for (QueuedSubscription s : subscriptions) {
            count++;
            queued += s.queued();
            dropped += s.droppedEvents();
        }
        return new long[] {count, queued, dropped};
    }

    public void publish(ChangeEvent event, long walPosition) {
        for (QueuedSubscription s : subscriptions) {
            s.offer(event, walPosition);
        }
    }

    /** Delivers what is queued (waiting at most {@code drainMillis} in all), then stops every subscription. */
    @Override
    public void close() {
        close(5_000);
    }

    public void close(long drainMillis) {
        long deadline = System.currentTimeMillis() + drainMillis;
        for (QueuedSubscription s : subscriptions) {
            s.drainAndStop(Math.max(0, deadline - System.currentTimeMillis()));
        }
        subscriptions.clear();
    }
}
