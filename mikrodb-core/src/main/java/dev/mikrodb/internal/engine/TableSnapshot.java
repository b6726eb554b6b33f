package dev.mikrodb.internal.engine;

import java.util.List;
import java.util.Set;

/**
 * What one checkpoint writes for one table, taken under the commit lock: every record (a new base) or the changed
 * records and removed keys (a delta). Records are immutable, so the lists are a consistent snapshot.
 *
 * @param revision the database revision the snapshot is current to
 * @param keys the keys that were dirty, to mark dirty again if writing fails
 * @param mergesDeltas whether this delta also carries every key of the table's earlier deltas, which it replaces
 */
record TableSnapshot(Table table, boolean full, List<Record> records, List<String> removed, long revision,
                     Set<String> keys, boolean mergesDeltas) {
    static TableSnapshot full(Table table, List<Record> records, long revision, Set<String> keys) {
        return new TableSnapshot(table, true, records, List.of(), revision, keys, false);
    }

    static TableSnapshot delta(Table table, List<Record> changed, List<String> removed, long revision,
                               Set<String> keys, boolean mergesDeltas) {
        return new TableSnapshot(table, false, changed, removed, revision, keys, mergesDeltas);
    }
}
