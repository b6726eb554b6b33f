package dev.mikrodb.internal.engine;

import dev.mikrodb.VersionConflictException;
import dev.mikrodb.internal.events.BatchEvents;
import dev.mikrodb.internal.events.EventBus;
import dev.mikrodb.internal.storage.WalBatch;
import dev.mikrodb.internal.storage.WalOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One atomic commit being assembled under the commit lock: puts and deletes over a fixed set of loaded tables, each
 * seeing the ones staged before it. Nothing reaches the WAL, memory or listeners until the {@link Committer} commits
 * the whole batch, so a planner that throws (a version conflict, an invalid update) leaves no trace.
 *
 * <p>Every operation states an absolute result (the new item, or its absence) with the item it replaced, so the WAL
 * record replays idempotently and doubles as a change feed. An expired item met on the way is logged as expired in
 * the same record and treated as absent.
 */
public final class CommitBatch {
    /** Marks a key deleted earlier in this batch. */
    private static final Record DELETED = new Record("", new byte[0], 0, 0, 0, 0, 0);

    /** Up to this many staged operations a lookup walks {@link #effects}; past it they are indexed in a map. */
    private static final int STAGED_SCAN_LIMIT = 8;

    private final Map<String, Table> tables;
    private final long revision;
    private final long now;
    /**
     * The WAL's operations. Both lists start at two, the most a single write (nearly every commit) stages: a put and
     * the expiry of the item it replaces; a default list would allocate room for ten.
     */
    private final ArrayList<WalOp> ops = new ArrayList<>(2);
    /**
     * What each op does to memory and which event it emits, in op order; the last effect on a key is also what later
     * operations of the batch see for it. A single write (most commits) needs no more than this list.
     */
    private final ArrayList<Effect> effects = new ArrayList<>(2);
    /**
     * The last staged record of each key ({@link #DELETED} for a removal), once the batch outgrows a scan: keyed by
     * the key's string when the commit has one table (nearly all do), else by a {@link StagedKey}.
     */
    private Map<Object, Record> stagedIndex;
    /** The commit's table when it has only one, else null; set with {@link #stagedIndex}. */
    private String onlyTable;
    /** Made by the first put into a table with indexes: a batch over tables without any needs none. */
    private UniqueChecks indexChecks;
    /** How many operations the caller said it will stage ({@link #expect}); sizes {@link #stagedIndex}. */
    private int expected;

    private record Effect(String table, String key, Record written) {
        Record stagedRecord() {
            return written == null ? DELETED : written;
        }
    }

    CommitBatch(Map<String, Table> tables, long revision, long now) {
        this.tables = tables;
        this.revision = revision;
        this.now = now;
    }

    /**
     * Sizes the batch for {@code operations} puts and deletes before they are staged: a batch of 1,000 writes grew
     * each of its lists nine times and its key index eight, a tenth of a bulk ingest's garbage in a profile.
     */
    public void expect(int operations) {
        if (operations > STAGED_SCAN_LIMIT) {
            expected = operations;
            ops.ensureCapacity(operations);
            effects.ensureCapacity(operations);
        }
    }

    /** The commit's time, epoch milliseconds. */
    public long now() {
        return now;
    }

    /** The revision this batch will commit as. */
    public long revision() {
        return revision;
    }

    /** The live record of {@code key} as this batch sees it (earlier operations of the batch included), or null. */
    public StoredView current(String table, String key) {
        Record r = raw(table, key);
        return r == null || r.isExpiredAt(now) ? null : new StoredView(r);
    }

    private Record raw(String table, String key) {
        Record r = staged(table, key);
        if (r == DELETED) {
            return null;
        }
        if (r != null) {
            return r;
        }
        return table(table).get(key);
    }

    private Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalStateException("table '" + name + "' was not loaded for this commit");
        }
        return t;
    }

    /**
     * Stages a put of {@code json}. {@code expectedVersion} (null: unconditional) must equal the current version (0:
     * absent). Returns the new version.
     */
    public long put(String table, String key, byte[] json, long expiration, Long expectedVersion) {
        Record current = liveOrExpire(table, key);
        long currentVersion = current == null ? 0 : current.version();
        if (expectedVersion != null && expectedVersion != currentVersion) {
            throw new VersionConflictException(table, key, expectedVersion, currentVersion);
        }
        Table t = table(table);
        if (!t.indexes.isEmpty()) { // ready or building: both are maintained by this put
            indexChecks().beforePut(t, key, json);
        }
        // An overwrite keeps the stored key's String: the request's copy (new for every HTTP request) would
        // otherwise live as long as the record, one more object for each young collection to copy.
        Record next = new Record(current == null ? key : current.key(), json, currentVersion + 1, now, expiration,
                current == null ? revision : current.createRevision(), revision);
        ops.add(WalOp.put(table, next, current));
        stage(new Effect(table, key, next));
        return next.version();
    }

    /**
     * Stages a delete. {@code expectedVersion} (null: unconditional) must equal the current version. Returns false
     * (and stages nothing) when there is no live item.
     */
    public boolean delete(String table, String key, Long expectedVersion) {
        Record current = liveOrExpire(table, key);
        long currentVersion = current == null ? 0 : current.version();
        if (expectedVersion != null && expectedVersion != currentVersion) {
            throw new VersionConflictException(table, key, expectedVersion, currentVersion);
        }
        if (current == null) {
            return false;
        }
        afterRemove(table, key);
        ops.add(WalOp.delete(table, current));
        stage(new Effect(table, key, null));
        return true;
    }

    /** The live record, staging the removal of an expired one (logged, and announced as item.expired). */
    private Record liveOrExpire(String table, String key) {
        Record current = raw(table, key);
        if (current != null && current.isExpiredAt(now)) {
            afterRemove(table, key);
            ops.add(WalOp.expire(table, current));
            stage(new Effect(table, key, null));
            return null;
        }
        return current;
    }

    private UniqueChecks indexChecks() {
        if (indexChecks == null) {
            indexChecks = new UniqueChecks((table, key) -> {
                Record r = raw(table, key);
                return r == null || r.isExpiredAt(now()) ? null : r;
            });
        }
        return indexChecks;
    }

    /** Only a batch that has put into an indexed table holds claims a removal must release. */
    private void afterRemove(String table, String key) {
        if (indexChecks != null) {
            indexChecks.afterRemove(table(table), key);
        }
    }

    private void stage(Effect e) {
        effects.add(e);
        if (stagedIndex != null) {
            stagedIndex.put(indexKey(e.table(), e.key()), e.stagedRecord());
        } else if (effects.size() > STAGED_SCAN_LIMIT) {
            // looked up only here: a commit of a single write (a key set and its iterator) never needs it
            onlyTable = tables.size() == 1 ? tables.keySet().iterator().next() : null;
            stagedIndex = new HashMap<>((int) (Math.max(expected, 2 * STAGED_SCAN_LIMIT) / 0.75f) + 1);
            for (Effect earlier : effects) { // in order: the last effect on a key wins
                stagedIndex.put(indexKey(earlier.table(), earlier.key()), earlier.stagedRecord());
            }
        }
    }

    /** A one-table commit keys its index by the key alone, saving an object and a hash per put and lookup. */
    private Object indexKey(String table, String key) {
        return onlyTable != null && onlyTable.equals(table) ? key : new StagedKey(table, key);
    }

    /** What this batch has staged for the key: a record, {@link #DELETED}, or null when it has not touched it. */
    private Record staged(String table, String key) {
        if (stagedIndex != null) {
            return stagedIndex.get(indexKey(table, key));
        }
        for (int i = effects.size() - 1; i >= 0; i--) {
            Effect e = effects.get(i);
            if (e.key().equals(key) && e.table().equals(table)) {
                return e.stagedRecord();
            }
        }
        return null;
    }

    /** A key of a table: hashed from the two strings' cached hashes, where a joined string would be hashed anew. */
    private record StagedKey(String table, String key) {
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    int size() {
        return ops.size();
    }

    WalBatch toWal() {
        return new WalBatch(revision, now, ops);
    }

    /** Applies the batch to memory, under each table's commit lock so a query never sees half of it. */
    void apply() {
        for (Table t : tables.values()) {
            t.lockForCommit();
        }
        try {
            for (Effect e : effects) {
                Table t = tables.get(e.table());
                if (e.written() != null) {
                    t.put(e.written());
                } else {
                    t.remove(e.key());
                }
            }
        } finally {
            for (Table t : tables.values()) {
                t.unlockForCommit();
            }
        }
    }

    /**
     * Queues the batch's events, in operation order; they are delivered once {@code lsn} is durable enough. They are
     * made from the WAL record itself, so a subscriber replaying the log later gets exactly the same events.
     */
    void publish(EventBus events, WalBatch logged, long lsn) {
        if (events.hasSubscribers()) {
            events.publish(BatchEvents.of(logged), lsn);
        }
    }

    /** A read-only view of a stored item for planners outside this package. */
    public static final class StoredView {
        private final Record record;

        StoredView(Record record) {
            this.record = record;
        }

        public byte[] json() {
            return record.value();
        }

        public long version() {
            return record.version();
        }

        public long expiration() {
            return record.expiration();
        }
    }
}
