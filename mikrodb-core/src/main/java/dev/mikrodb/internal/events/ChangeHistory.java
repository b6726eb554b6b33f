package dev.mikrodb.internal.events;

import dev.mikrodb.ChangeEvent;
import java.util.function.Consumer;

/** The committed history a durable subscription catches up from: the WAL, retained segments included. */
public interface ChangeHistory {
    /**
     * Runs {@code action} under the commit lock (no commit is published meanwhile) and returns the revision of the
     * last commit. When this returns, every commit up to that revision can be {@link #read} (and is durable, in sync
     * mode), and every later one will be published to the subscriptions after {@code action} ran.
     */
    long mark(Runnable action);

    /**
     * Passes the events of every commit with a revision in {@code (after, upTo]} to {@code sink}, in revision order,
     * each with its previous item.
     *
     * @throws dev.mikrodb.HistoryCompactedException when commits after {@code after} are no longer retained
     */
    void read(long after, long upTo, Consumer<ChangeEvent> sink);

    /** The oldest start still possible: every commit after this revision is retained. */
    long compactRevision();

    /** The revision of the last commit. */
    long currentRevision();
}
