package dev.mikrodb.internal.engine;

import java.util.List;
import java.util.Set;

/**
 * What one checkpoint writes for one table, taken under the commit lock: every record (a new base) or the changed
 * records and removed keys (a delta). Records are immutable, so the lists are a consistent snapshot.
 *
 * @param revision the database revision the snapshot is current to
 * @param since the revision the table's files were current to before it: if writing fails, what was written after it
 *     counts as changed again
 * @param keys the keys that were dirty, to mark dirty again if writing fails (empty when the changes were found by
 *     their revision or included created keys: then a failure has them found by revision, above {@code since})
 * @param mergesDeltas whether this delta also carries every key of the table's earlier deltas, which it replaces
 */
record TableSnapshot(Table table, boolean full, List<Record> records, List<String> removed, long revision, long since,
                     Set<String> keys, boolean mergesDeltas) {
    static TableSnapshot full(Table table, List<Record> records, long revision, long since) {
        return new TableSnapshot(table, true, records, List.of(), revision, since, Set.of(), false);
    }

    static TableSnapshot delta(Table table, List<Record> changed, List<String> removed, long revision, long since,
                               Set<String> keys, boolean mergesDeltas) {
        return new TableSnapshot(table, false, changed, removed, revision, since, keys, mergesDeltas);
    }
}
