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

    private final Map<String, Table> tables;
    private final long revision;
    private final long now;
    private final Map<StagedKey, Record> staged = new HashMap<>();
    private final List<WalOp> ops = new ArrayList<>();
    /** What each op does to memory and which event it emits, in op order. */
    private final List<Effect> effects = new ArrayList<>();
    private final UniqueChecks indexChecks = new UniqueChecks((table, key) -> {
        Record r = raw(table, key);
        return r == null || r.isExpiredAt(now()) ? null : r;
    });

    private record Effect(String table, String key, Record written) {
    }

    CommitBatch(Map<String, Table> tables, long revision, long now) {
        this.tables = tables;
        this.revision = revision;
        this.now = now;
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
        Record r = staged.get(stagedKey(table, key));
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
        long currentVersion = current == null ? 0 : current.version;
        if (expectedVersion != null && expectedVersion != currentVersion) {
            throw new VersionConflictException(table, key, expectedVersion, currentVersion);
        }
        indexChecks.beforePut(table(table), key, json);
        // An overwrite keeps the stored key's String: the request's copy (new for every HTTP request) would
        // otherwise live as long as the record, one more object for each young collection to copy.
        Record next = new Record(current == null ? key : current.key, json, currentVersion + 1, now, expiration,
                current == null ? revision : current.createRevision, revision);
        staged.put(stagedKey(table, key), next);
        ops.add(WalOp.put(table, next.stored(), current == null ? null : current.stored()));
        effects.add(new Effect(table, key, next));
        return next.version;
    }

    /**
     * Stages a delete. {@code expectedVersion} (null: unconditional) must equal the current version. Returns false
     * (and stages nothing) when there is no live item.
     */
    public boolean delete(String table, String key, Long expectedVersion) {
        Record current = liveOrExpire(table, key);
        long currentVersion = current == null ? 0 : current.version;
        if (expectedVersion != null && expectedVersion != currentVersion) {
            throw new VersionConflictException(table, key, expectedVersion, currentVersion);
        }
        if (current == null) {
            return false;
        }
        staged.put(stagedKey(table, key), DELETED);
        indexChecks.afterRemove(table(table), key);
        ops.add(WalOp.delete(table, current.stored()));
        effects.add(new Effect(table, key, null));
        return true;
    }

    /** The live record, staging the removal of an expired one (logged, and announced as item.expired). */
    private Record liveOrExpire(String table, String key) {
        Record current = raw(table, key);
        if (current != null && current.isExpiredAt(now)) {
            staged.put(stagedKey(table, key), DELETED);
            indexChecks.afterRemove(table(table), key);
            ops.add(WalOp.expire(table, current.stored()));
            effects.add(new Effect(table, key, null));
            return null;
        }
        return current;
    }

    private static StagedKey stagedKey(String table, String key) {
        return new StagedKey(table, key);
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
            return record.json;
        }

        public long version() {
            return record.version;
        }

        public long expiration() {
            return record.expiration;
        }
    }
}
