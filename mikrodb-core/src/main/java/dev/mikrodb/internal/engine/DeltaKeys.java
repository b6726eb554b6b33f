package dev.mikrodb.internal.engine;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys a table's deltas hold since its base, so that a merge of the deltas looks up the current records of those
 * keys instead of scanning the whole table for records written since the base. The scan reads every record of the
 * table under the commit lock: 8-15 ms at 100,000 items on this project's test machine, at every sixteenth checkpoint
 * of a table that changes 1,000 keys between checkpoints, where looking up the 1,000 keys takes tens of microseconds.
 *
 * <p>The keys are known from a table's base on (a table's first checkpoint writes one) as long as every delta since
 * then was taken from tracked keys. They are forgotten when a load leaves them unknown (a table read back from a
 * base and deltas), when a checkpoint found its changes by revision, or when they would pass the limit: a quarter of
 * the table, or {@link #MIN_LIMIT}, whichever is larger. A merge of more than half the table writes a base instead,
 * so a larger set would rarely serve; a bulk ingest's checkpoints pass the limit at once, without adding a key.
 * Guarded by the commit lock, as {@link TableChanges} is.
 */
final class DeltaKeys {
    /** Below this many keys, the set is kept whatever the table's size. */
    private static final int MIN_LIMIT = 16 * 1024;
    /** What one remembered key costs beyond the key, which its record shares: a set node and its slot. */
    static final long KEY_BYTES = 48;

    private Set<String> keys = new HashSet<>();
    private boolean known = true;

    /** The table's deltas are gone (a new base) or there are none yet: the set is empty and complete. */
    void none() {
        keys = new HashSet<>();
        known = true;
    }

    /** The deltas' keys are not known: the next merge scans the table. */
    void forget() {
        if (!keys.isEmpty()) {
            keys = new HashSet<>();
        }
        known = false;
    }

    boolean known() {
        return known;
    }

    /** The keys, while {@link #known()}: every key a delta since the base holds a record of, and perhaps more. */
    Set<String> keys() {
        return keys;
    }

    /** What the set costs beyond the keys, for the table's memory estimate. */
    long bytes() {
        return keys.size() * KEY_BYTES;
    }

    /**
     * A delta holding {@code dirty} and the records {@code created} is being written. Adds their keys while known
     * and within the limit for a table of {@code items}; forgets them all otherwise.
     */
    void adding(Collection<String> dirty, List<Record> created, int items) {
        if (!known) {
            return;
        }
        if ((long) keys.size() + dirty.size() + created.size() > limit(items)) {
            forget();
            return;
        }
        keys.addAll(dirty);
        for (Record r : created) {
            keys.add(r.key());
        }
    }

    /** A merge found the deltas' current records by scanning: they are its keys again, if within the limit. */
    void replacedBy(List<Record> merged, int items) {
        if (merged.size() > limit(items)) {
            forget();
            return;
        }
        none();
        for (Record r : merged) {
            keys.add(r.key());
        }
    }

    private static long limit(int items) {
        return Math.max(MIN_LIMIT, items / 4);
    }
}
