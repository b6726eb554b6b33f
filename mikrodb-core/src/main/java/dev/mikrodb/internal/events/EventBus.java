package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.HistoryCompactedException;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Fans committed changes out to subscriptions. {@link #publish} is called under the commit lock, so events enter
 * every queue in commit order; it never blocks. Each subscription has its own bounded queue and delivery thread, so
 * one slow or failing listener delays nobody else; a subscription whose queue fills reads what it missed from the
 * {@link ChangeHistory} instead of holding it in memory.
 */
public final class EventBus implements AutoCloseable {
    private final CopyOnWriteArrayList<QueuedSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final int queueCapacity;
    private final LongConsumer durabilityGate;
    private volatile ChangeHistory history;

    /**
     * @param durabilityGate called with an event's WAL position before it is delivered; in sync mode it waits for
     *     the fsync, so no listener ever sees a change that is not yet durable
     */
    public EventBus(int queueCapacity, LongConsumer durabilityGate) {
        this.queueCapacity = queueCapacity;
        this.durabilityGate = durabilityGate;
    }

    /** Where subscriptions catch up from; set once while the engine is wired, before any subscription. */
    public void historyFrom(ChangeHistory history) {
        this.history = history;
    }

    public boolean hasSubscribers() {
        return !subscriptions.isEmpty();
    }

    /**
     * @param table deliver only this table's events, or all when null
     * @param events deliver only these event names, or all when empty
     * @throws HistoryCompactedException when {@code options} start before the retained history
     */
    public Subscription subscribe(String name, String table, Set<String> events, SubscribeOptions options,
                                  ChangeListener listener) {
        ChangeHistory h = history;
        if (options.fromRevision() >= 0 && h != null && options.fromRevision() < h.compactRevision()) {
            throw new HistoryCompactedException(options.fromRevision(), h.compactRevision(), h.currentRevision());
        }
        QueuedSubscription s = new QueuedSubscription(name, new EventFilter(table, events, options), listener,
                queueCapacity, durabilityGate, h, subscriptions::remove);
        if (options.fromRevision() >= 0 && h != null) {
            subscriptions.add(s);
            s.start(options.fromRevision(), true);
        } else if (h != null) {
            s.start(h.mark(() -> subscriptions.add(s)), false); // joins exactly after the last commit
        } else {
            subscriptions.add(s);
            s.start(0, false);
        }
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

    /** Queues one commit's events for every subscription; called under the commit lock, in commit order. */
    public void publish(List<ChangeEvent> commit, long walPosition) {
        for (QueuedSubscription s : subscriptions) {
            s.offer(commit, walPosition);
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
