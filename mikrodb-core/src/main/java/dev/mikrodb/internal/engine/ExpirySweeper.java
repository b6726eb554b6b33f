package dev.mikrodb.internal.engine;

import java.time.Clock;
import java.util.function.Function;

/**
 * Removes items whose expiration has passed, on time: every {@link #PERIOD_MILLIS} it looks at the head of each
 * loaded table's time-ordered expiry index and expires what is due, in commits of up to {@link #BATCH} items (each
 * an {@code item.expired} event, and out of every index at once). Tables evicted while holding expiring items are
 * remembered with their soonest expiration and loaded again when it comes. The cost follows what is due, not the
 * number of items with a TTL. Lazy removal on read stays as a backstop.
 */
final class ExpirySweeper {
    /** How often due items are looked for: well inside the promised one second of lag. */
    static final long PERIOD_MILLIS = 200;
    /** Items removed per commit. */
    static final int BATCH = 1_000;

    private final TableCache cache;
    private final Committer committer;
    private final Clock clock;
    private final Function<String, Table> load;

    /** @param load finds a table by name, loading it (and evicting others) as a read would */
    ExpirySweeper(TableCache cache, Committer committer, Clock clock, Function<String, Table> load) {
        this.cache = cache;
        this.committer = committer;
        this.clock = clock;
        this.load = load;
    }

    /** The periodic task: expires everything due in loaded tables and in evicted tables whose time has come. */
    void sweepDue() {
        long now = clock.millis();
        for (Table t : cache.loadedTables()) {
            sweep(t, now);
        }
        for (String name : cache.evictedExpiringBy(now)) {
            Table t = load.apply(name);
            if (t != null) {
                sweep(t, now);
            }
        }
    }

    /** Removes the expired items of every table of {@code names}, loading each as needed; returns how many. */
    int sweepAll(java.util.List<String> names) {
        int removed = 0;
        for (String name : names) {
            Table t = load.apply(name);
            if (t != null) {
                removed += sweep(t, clock.millis());
            }
        }
        return removed;
    }

    /** Removes the items of {@code t} expired by {@code now}; returns how many. */
    int sweep(Table t, long now) {
        int removed = 0;
        while (t.hasExpiringItems() && t.earliestExpiration() <= now) {
            int n = committer.expireDue(t, BATCH);
            if (n == 0) {
                break;
            }
            removed += n;
        }
        return removed;
    }
}
