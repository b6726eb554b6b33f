package dev.mikrodb.internal.engine;

import dev.mikrodb.Durability;
import dev.mikrodb.StorageException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteInDoubtException;
import dev.mikrodb.internal.events.BatchEvents;
import dev.mikrodb.internal.events.EventBus;
import dev.mikrodb.internal.storage.WalBatch;
import dev.mikrodb.internal.storage.WalOp;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The commit protocol: every mutation (write, delete, expiry, drop) runs here under the commit lock, which makes
 * version assignment, WAL order, memory order and event order one and the same. Durability waits ({@code sync} mode)
 * happen after the lock is released, so concurrent writers share an fsync.
 */
final class Committer {
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb");

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
    private final DeferredAcks acks;
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
        // Named after the database directory, like the maintenance threads, so a thread dump tells databases apart.
        this.acks = new DeferredAcks(this::awaitDurable, "mikrodb-acks-" + wal.activePath().getParent().getFileName());
    }

    /** Told each index definition a table drop removes ({@code table/index}); set once while wiring. */
    private java.util.function.Consumer<String> indexDefinitionRemoved = key -> { };

    void onIndexDefinitionRemoved(java.util.function.Consumer<String> listener) {
        this.indexDefinitionRemoved = listener;
    }

    /** The checkpointer that deletes a dropped table's files; set once while wiring. */
    void deleteFilesWith(Checkpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    /** Where commits made in a {@link dev.mikrodb.DurabilityDeferral} scope leave their durability wait. */
    DeferredAcks acks() {
        return acks;
    }

    /** The revision of the last commit. */
    long revision() {
        return revision;
    }

    /** Commits a validated batch, all or nothing; returns the new versions in request order. */
    List<Long> write(List<PendingWrite> pending, boolean flushImmediately) {
        Collection<String> tables = List.of(pending.get(0).table()); // the common case, without a set
        if (pending.size() > 1) {
            tables = new TreeSet<>();
            for (PendingWrite p : pending) {
                tables.add(p.table());
            }
        }
        return commit(tables, flushImmediately, batch -> {
            batch.expect(pending.size());
            List<Long> versions = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) { // by index: an iterator per commit is garbage too
                PendingWrite p = pending.get(i);
                versions.add(batch.put(p.table(), p.key(), p.json(), p.expiration(), p.expectedVersion()));
            }
            return versions;
        });
    }

    /** @param expectedVersion null for an unconditional delete */
    boolean delete(String tableName, String key, Long expectedVersion) {
        if (cache.find(tableName) == null) { // no such table: nothing to delete, and no placeholder to create
            if (expectedVersion != null && expectedVersion != 0) {
                throw new VersionConflictException(tableName, key, expectedVersion, 0);
            }
            return false;
        }
        return commit(Set.of(tableName), false, batch -> batch.delete(tableName, key, expectedVersion));
    }

    /**
     * The one commit path: under the commit lock, {@code plan} stages puts and deletes over {@code tableNames}
     * (loaded, or created in memory, first) into a {@link CommitBatch}; if it returns normally the batch becomes one
     * WAL record, is applied to memory and announced, all or nothing. A planner that throws leaves no trace. Planners
     * run under the lock, so they must be quick and must not call back into the database.
     *
     * @return what {@code plan} returned
     */
    <T> T commit(Collection<String> tableNames, boolean flushImmediately, Function<CommitBatch, T> plan) {
        while (true) {
            Map<String, Table> tables = loaded(tableNames);
            long lsn;
            T result;
            locks.commit.lock();
            try {
                state.checkOpen();
                if (!allCurrent(tables)) {
                    continue; // a table was evicted between loading and locking; load it again
                }
                CommitBatch batch = new CommitBatch(tables, revision + 1, clock.millis());
                result = plan.apply(batch);
                if (batch.isEmpty()) {
                    return result;
                }
                WalBatch logged = batch.toWal();
                lsn = wal.append(logged);
                revision = batch.revision();
                batch.apply();
                batch.publish(events, logged, lsn);
                afterCommit(batch.size());
            } finally {
                locks.commit.unlock();
            }
            if ((durability == Durability.SYNC || flushImmediately) && !acks.deferred(lsn)) {
                awaitDurable(lsn);
            }
            return result;
        }
    }

    /** The tables of a commit, loaded or created, in name order: the order scan locks are taken in. */
    private Map<String, Table> loaded(Collection<String> tableNames) {
        if (tableNames.size() == 1) { // most commits: a singleton map keeps its values view, a tree map makes more
            String name = tableNames.iterator().next();
            return Collections.singletonMap(name, cache.findOrCreate(name));
        }
        Map<String, Table> tables = new TreeMap<>();
        for (String name : tableNames) {
            tables.computeIfAbsent(name, cache::findOrCreate);
        }
        return tables;
    }

    private boolean allCurrent(Map<String, Table> tables) {
        for (Table t : tables.values()) {
            if (!cache.isCurrent(t)) {
                return false;
            }
        }
        return true;
    }

    /** Removes {@code r} if it is still the current, expired record of its key; returns whether it did. */
    boolean expire(Table t, Record r) {
        locks.commit.lock();
        try {
            if (state.isClosed() || !cache.isCurrent(t) || t.get(r.key()) != r) {
                return false;
            }
            removeExpired(t, r, clock.millis());
            afterCommit(1);
            return true;
        } catch (StorageException e) {
            // The item stays invisible to reads; the next sweep or read tries again.
            LOG.log(Level.WARNING, "could not remove expired item " + t.name + "/" + r.key() + ": " + e.getMessage());
            return false;
        } finally {
            locks.commit.unlock();
        }
    }

    /** Under the commit lock: logs and applies the removal of an expired record, emitting item.expired once. */
    private long removeExpired(Table t, Record r, long now) {
        return removeExpired(t, List.of(r), now);
    }

    /** Under the commit lock: one commit removing every record of {@code expired}, each announced as expired. */
    private long removeExpired(Table t, List<Record> expired, long now) {
        long rev = revision + 1;
        List<WalOp> ops = new ArrayList<>(expired.size());
        for (Record r : expired) {
            ops.add(WalOp.expire(t.name, r));
        }
        WalBatch logged = new WalBatch(rev, now, ops);
        long lsn = wal.append(logged);
        revision = rev;
        t.lockForCommit();
        try {
            for (Record r : expired) {
                t.remove(r.key());
            }
        } finally {
            t.unlockForCommit();
        }
        if (events.hasSubscribers()) {
            events.publish(BatchEvents.of(logged), lsn);
        }
        return lsn;
    }

    /**
     * Removes up to {@code max} items of {@code t} whose expiration has passed, in one commit (found through the
     * table's time-ordered expiry index, so the cost follows what is due, not the table's size). Returns how many.
     */
    int expireDue(Table t, int max) {
        locks.commit.lock();
        try {
            if (state.isClosed() || !cache.isCurrent(t)) {
                return 0;
            }
            long now = clock.millis();
            List<Record> due = new ArrayList<>();
            for (String key : t.keysExpiredBy(now, max)) {
                Record r = t.get(key);
                if (r != null && r.isExpiredAt(now)) {
                    due.add(r);
                }
            }
            if (due.isEmpty()) {
                return 0;
            }
            removeExpired(t, due, now);
            afterCommit(due.size());
            return due.size();
        } catch (StorageException e) {
            // The items stay invisible to reads; the next sweep or read tries again.
            LOG.log(Level.WARNING, "could not remove expired items of " + t.name + ": " + e.getMessage());
            return 0;
        } finally {
            locks.commit.unlock();
        }
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
        return !dropTables(List.of(tableName)).isEmpty();
    }

    /**
     * Drops every existing table of {@code tableNames} in one WAL record, so a crash leaves all of them or none (a
     * whole database is dropped this way). Returns the names dropped.
     */
    List<String> dropTables(List<String> tableNames) {
        long lsn;
        List<String> dropped = new ArrayList<>();
        locks.checkpoint.lock();
        try {
            // The load lock keeps a concurrent reader from loading a table's files while they are being dropped
            // and putting the old table back into the cache after the drop (the torture harness found this).
            locks.load.lock();
            locks.commit.lock();
            try {
                state.checkOpen();
                List<WalOp> ops = new ArrayList<>();
                for (String name : tableNames) {
                    if (cache.exists(name)) {
                        dropped.add(name);
                        ops.add(WalOp.dropTable(name));
                    } else {
                        cache.forget(name); // an uncommitted placeholder, if any
                    }
                }
                if (dropped.isEmpty()) {
                    return dropped;
                }
                // The tables' index definitions go in the same record: a crash keeps both or neither.
                Table definitions = cache.find(IndexCatalog.TABLE);
                List<Record> staleDefinitions = new ArrayList<>();
                if (definitions != null) {
                    for (Record r : definitions.records()) {
                        if (dropped.contains(r.key().substring(0, r.key().lastIndexOf('/')))) {
                            staleDefinitions.add(r);
                            ops.add(WalOp.delete(IndexCatalog.TABLE, r));
                        }
                    }
                }
                long rev = revision + 1;
                long now = clock.millis();
                WalBatch logged = new WalBatch(rev, now, ops);
                lsn = wal.append(logged);
                revision = rev;
                for (Record r : staleDefinitions) {
                    remove(definitions, r.key());
                    indexDefinitionRemoved.accept(r.key());
                }
                for (String name : dropped) {
                    cache.drop(name);
                }
                events.publish(BatchEvents.of(logged), lsn);
            } finally {
                locks.commit.unlock();
                locks.load.unlock();
            }
            try {
                checkpointer.deleteDroppedFiles();
            } catch (StorageException e) {
                LOG.log(Level.WARNING, e.getMessage()); // the drop itself is committed; the files go later
            }
        } finally {
            locks.checkpoint.unlock();
        }
        if (durability == Durability.SYNC) {
            awaitDurable(lsn);
        }
        return dropped;
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
