package dev.mikrodb.internal.engine;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Durability;
import dev.mikrodb.StorageException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteInDoubtException;
import dev.mikrodb.internal.events.EventBus;
import dev.mikrodb.internal.storage.WalBatch;
import dev.mikrodb.internal.storage.WalOp;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commit protocol: every mutation (write, delete, expiry, drop) runs here under the commit lock, which makes
 * version assignment, WAL order, memory order and event order one and the same. Durability waits ({@code sync} mode)
 * happen after the lock is released, so concurrent writers share an fsync.
 */
final class Committer {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb");

    private final Locks locks;
    private final EngineState state;
    private final TableCache cache;
    private final WriteAheadLog wal;
    private final EventBus events;
    private final Clock clock;
    private final Durability durability;
    private final CheckpointPolicy policy;
    private final Runnable requestCheckpoint;
    private Checkpointer checkpointer;
    /** The revision of the last commit. Written under the commit lock. */
    private volatile long revision;

    Committer(Locks locks, EngineState state, TableCache cache, WriteAheadLog wal, EventBus events, Clock clock,
              Durability durability, CheckpointPolicy policy, Runnable requestCheckpoint, long revision) {
        this.locks = locks;
        this.state = state;
        this.cache = cache;
        this.wal = wal;
        this.events = events;
        this.clock = clock;
        this.durability = durability;
        this.policy = policy;
        this.requestCheckpoint = requestCheckpoint;
        this.revision = revision;
    }

    /** The checkpointer that deletes a dropped table's files; set once while wiring. */
    void deleteFilesWith(Checkpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    /** The revision of the last commit. */
    long revision() {
        return revision;
    }

    /** Commits a validated batch, all or nothing; returns the new versions in request order. */
    List<Long> write(List<PendingWrite> pending, long now, boolean flushImmediately) {
        Map<String, Table> tables = new TreeMap<>(); // name order: the order scan locks are taken in
        while (true) {
            for (PendingWrite p : pending) {
                tables.computeIfAbsent(p.table(), cache::findOrCreate);
            }
            long lsn;
            List<Long> versions;
            locks.commit.lock();
            try {
                state.checkOpen();
                if (!allCurrent(tables)) {
                    tables.clear();
                    continue; // a table was evicted between loading and locking; load it again
                }
                versions = new ArrayList<>(pending.size());
                lsn = commitWrites(pending, tables, now, versions);
            } finally {
                locks.commit.unlock();
            }
            if (durability == Durability.SYNC || flushImmediately) {
                awaitDurable(lsn);
            }
            return versions;
        }
    }

    private boolean allCurrent(Map<String, Table> tables) {
        for (Table t : tables.values()) {
            if (!cache.isCurrent(t)) {
                return false;
            }
        }
        return true;
    }

    /** Under the commit lock: version checks, one WAL record, apply, events. Returns the record's end LSN. */
    private long commitWrites(List<PendingWrite> pending, Map<String, Table> tables, long now, List<Long> versions) {
        long rev = revision + 1;
        Map<String, Record> staged = new HashMap<>();
        List<Map.Entry<String, Record>> replacedExpired = new ArrayList<>();
        List<Record> records = new ArrayList<>(pending.size());
        List<WalOp> ops = new ArrayList<>(pending.size());
        for (PendingWrite p : pending) {
            String stagedKey = p.table() + '\u0000' + p.key();
            Record current = staged.containsKey(stagedKey) ? staged.get(stagedKey)
                    : tables.get(p.table()).get(p.key());
            if (current != null && current.isExpiredAt(now)) {
                replacedExpired.add(Map.entry(p.table(), current));
                ops.add(WalOp.expire(p.table(), current.stored()));
                current = null;
            }
            long currentVersion = current == null ? 0 : current.version;
            if (p.expectedVersion() != null && p.expectedVersion() != currentVersion) {
                throw new VersionConflictException(p.table(), p.key(), p.expectedVersion(), currentVersion);
            }
            Record next = new Record(p.key(), p.json(), currentVersion + 1, now, p.expiration(),
                    current == null ? rev : current.createRevision, rev);
            staged.put(stagedKey, next);
            records.add(next);
            ops.add(WalOp.put(p.table(), next.stored(), current == null ? null : current.stored()));
        }
        long lsn = wal.append(new WalBatch(rev, now, ops));
        revision = rev;
        lockForCommit(tables);
        try {
            for (int i = 0; i < records.size(); i++) {
                tables.get(pending.get(i).table()).put(records.get(i));
            }
        } finally {
            unlockForCommit(tables);
        }
        if (events.hasSubscribers()) {
            for (Map.Entry<String, Record> e : replacedExpired) {
                Record r = e.getValue();
                events.publish(new ChangeEvent(ChangeEvent.ITEM_EXPIRED, e.getKey(), r.key, r.toItem(), r.version,
                        now, rev), lsn);
            }
            for (int i = 0; i < records.size(); i++) {
                Record r = records.get(i);
                events.publish(new ChangeEvent(ChangeEvent.ITEM_WRITTEN, pending.get(i).table(), r.key, r.toItem(),
                        r.version, now, rev), lsn);
            }
        }
        afterCommit(ops.size());
        for (Record r : records) {
            versions.add(r.version);
        }
        return lsn;
    }

    private static void lockForCommit(Map<String, Table> tables) {
        for (Table t : tables.values()) {
            t.lockForCommit();
        }
    }

    private static void unlockForCommit(Map<String, Table> tables) {
        for (Table t : tables.values()) {
            t.unlockForCommit();
        }
    }

    /** @param expectedVersion null for an unconditional delete */
    boolean delete(String tableName, String key, Long expectedVersion) {
        while (true) {
            Table t = cache.find(tableName);
            long now = clock.millis();
            long lsn;
            locks.commit.lock();
            try {
                state.checkOpen();
                if (t != null && !cache.isCurrent(t)) {
                    continue;
                }
                Record current = t == null ? null : t.get(key);
                if (current != null && current.isExpiredAt(now)) {
                    lsn = removeExpired(t, current, now);
                    current = null;
                }
                long currentVersion = current == null ? 0 : current.version;
                if (expectedVersion != null && expectedVersion != currentVersion) {
                    throw new VersionConflictException(tableName, key, expectedVersion, currentVersion);
                }
                if (current == null) {
                    return false;
                }
                long rev = revision + 1;
                lsn = wal.append(new WalBatch(rev, now, List.of(WalOp.delete(tableName, current.stored()))));
                revision = rev;
                remove(t, key);
                events.publish(new ChangeEvent(ChangeEvent.ITEM_DELETED, tableName, key, current.toItem(),
                        current.version, now, rev), lsn);
                afterCommit(1);
            } finally {
                locks.commit.unlock();
            }
            if (durability == Durability.SYNC) {
                awaitDurable(lsn);
            }
            return true;
        }
    }

    /** Removes {@code r} if it is still the current, expired record of its key; returns whether it did. */
    boolean expire(Table t, Record r) {
        locks.commit.lock();
        try {
            if (state.isClosed() || !cache.isCurrent(t) || t.get(r.key) != r) {
                return false;
            }
            removeExpired(t, r, clock.millis());
            afterCommit(1);
            return true;
        } catch (StorageException e) {
            // The item stays invisible to reads; the next sweep or read tries again.
            LOG.log(Level.WARNING, "could not remove expired item " + t.name + "/" + r.key + ": " + e.getMessage());
            return false;
        } finally {
            locks.commit.unlock();
        }
    }

    /** Under the commit lock: logs and applies the removal of an expired record, emitting item.expired once. */
    private long removeExpired(Table t, Record r, long now) {
        long rev = revision + 1;
        long lsn = wal.append(new WalBatch(rev, now, List.of(WalOp.expire(t.name, r.stored()))));
        revision = rev;
        remove(t, r.key);
        events.publish(new ChangeEvent(ChangeEvent.ITEM_EXPIRED, t.name, r.key, r.toItem(), r.version, now, rev),
                lsn);
        return lsn;
    }

    private static void remove(Table t, String key) {
        t.lockForCommit();
        try {
            t.remove(key);
        } finally {
            t.unlockForCommit();
        }
    }

    /**
     * Drops a table: one WAL record, then the table leaves memory and its file is deleted. The file deletion and its
     * directory fsync happen after the commit lock is released (writers go on), under the checkpoint lock; until the
     * file is gone the cache treats it as absent, and a checkpoint deletes it before discarding the WAL record of the
     * drop, so the table cannot come back.
     */
    boolean dropTable(String tableName) {
        long lsn;
        locks.checkpoint.lock();
        try {
            // The load lock keeps a concurrent reader from loading the table's files while they are being dropped
            // and putting the old table back into the cache after the drop (the torture harness found this).
            locks.load.lock();
            locks.commit.lock();
            try {
                state.checkOpen();
                if (!cache.exists(tableName)) {
                    cache.forget(tableName); // an uncommitted placeholder, if any
                    return false;
                }
                long rev = revision + 1;
                long now = clock.millis();
                lsn = wal.append(new WalBatch(rev, now, List.of(WalOp.dropTable(tableName))));
                revision = rev;
                cache.drop(tableName);
                events.publish(new ChangeEvent(ChangeEvent.TABLE_DELETED, tableName, null, null, 0, now, rev), lsn);
            } finally {
                locks.commit.unlock();
                locks.load.unlock();
            }
            try {
                checkpointer.deleteDroppedFiles();
            } catch (StorageException e) {
                LOG.log(Level.WARNING, e.getMessage()); // the drop itself is committed; the file goes later
            }
        } finally {
            locks.checkpoint.unlock();
        }
        if (durability == Durability.SYNC) {
            awaitDurable(lsn);
        }
        return true;
    }

    private void afterCommit(int writes) {
        if (policy.afterCommit(writes)) {
            requestCheckpoint.run();
        }
    }

    /** Waits for the fsync covering {@code lsn}; a failed fsync leaves the outcome unknown, and says so. */
    void awaitDurable(long lsn) {
        try {
            wal.awaitDurable(lsn);
        } catch (StorageException e) {
            throw new WriteInDoubtException(e.getMessage() + ". This change was written to the log but may not survive"
                    + " a crash; the database refuses further writes until it is reopened", e);
        }
    }
}
