package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.index.TableIndexes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A loaded table. Point reads go straight to the concurrent map. Mutations happen only under the commit lock, and
 * additionally under this table's scan write lock so that a scan (which holds the read lock) never sees half of a
 * batch. The table owns its checkpoint state: which keys changed since its files were last written, and what those
 * files are ({@link TableFileState}).
 */
final class Table {
    final String name;
    private final ConcurrentHashMap<String, Record> items = new ConcurrentHashMap<>();
    /** The same records in creation order, for scans. */
    private final NaturalOrder order = new NaturalOrder();
    private final ReentrantReadWriteLock scanLock = new ReentrantReadWriteLock();
    /** What changed since the files were written, and what the next checkpoint writes. Commit lock. */
    private final TableChanges changes = new TableChanges();
    /** Whether a write to this table has committed since it was loaded or created. Guarded by the commit lock. */
    private boolean written;
    private TableFileState files;
    /** Guarded by the commit lock; read without it only as an estimate. */
    private volatile long estimatedBytes;
    /**
     * The cache's total of its loaded tables' {@link #estimatedBytes} while this table is loaded, else null: every
     * change here is added to it, so the byte limit is checked after each write without summing every table.
     */
    private volatile java.util.concurrent.atomic.AtomicLong cacheTotal;
    private volatile long fileBytes;
    /** {@link TableChanges#rememberedBytes} as last counted in {@link #estimatedBytes}. */
    private long changesBytes;
    /** Keys with an expiration, soonest first: the sweeper reads only what is due. Changed under the commit lock. */
    private final java.util.concurrent.ConcurrentSkipListSet<Expiry> expiring =
            new java.util.concurrent.ConcurrentSkipListSet<>();

    /** One key's expiration, ordered by time then key. */
    private record Expiry(long at, String key) implements Comparable<Expiry> {
        @Override
        public int compareTo(Expiry o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }
    private volatile long lastAccess;
    /** The table's secondary indexes, maintained by every put and remove. */
    final TableIndexes indexes = new TableIndexes();
    /** The keys in UTF-8 order, made on the first listing and maintained from then on; null until then. */
    private volatile java.util.concurrent.ConcurrentSkipListSet<String> orderedKeys;
    /** Pins that keep the table from eviction (an index build running over it). */
    private final java.util.concurrent.atomic.AtomicInteger pins = new java.util.concurrent.atomic.AtomicInteger();

    private Table(String name, TableFileState files) {
        this.name = name;
        this.files = files;
    }

    /** A table with no files yet (or whose files belong to a dropped predecessor, numbered up to {@code lastSeq}). */
    static Table created(String name, long lastSeq) {
        return new Table(name, TableFileState.none(lastSeq));
    }

    /** A table being filled from its files; it starts clean. */
    static Table loaded(String name, TableFileState files) {
        return new Table(name, files);
    }

    Record get(String key) {
        return items.get(key);
    }

    int size() {
        return items.size();
    }

    /**
     * Every record, in creation order. Callers hold the scan read lock (which also gives a consistent view) or the
     * commit lock: the first ordered read after a load sorts the records, and either lock keeps writers out.
     */
    Collection<Record> records() {
        return order;
    }

    /** Every record in no particular order, without the sort {@link #records()} may need; same locking. */
    Collection<Record> recordsAnyOrder() {
        return items.values();
    }

    /** A table exists once it has files or a committed write; an uncommitted placeholder does not. */
    boolean exists() {
        return files.exists() || written;
    }

    boolean isDirty() {
        return changes.isDirty();
    }

    boolean hasExpiringItems() {
        return !expiring.isEmpty();
    }

    /** The soonest expiration of any item, or 0 when none expires. */
    long earliestExpiration() {
        try {
            return expiring.first().at();
        } catch (java.util.NoSuchElementException e) {
            return 0;
        }
    }

    /** Up to {@code max} keys whose expiration is at or before {@code now}, soonest first. */
    List<String> keysExpiredBy(long now, int max) {
        List<String> keys = new ArrayList<>();
        for (Expiry e : expiring) {
            if (e.at() > now || keys.size() >= max) {
                break;
            }
            keys.add(e.key());
        }
        return keys;
    }

    long estimatedBytes() {
        return estimatedBytes;
    }

    /** Estimated bytes of this table's base file if it were written now. */
    long fileBytes() {
        return fileBytes;
    }

    TableFileState files() {
        return files;
    }

    long lastAccess() {
        return lastAccess;
    }

    void touch(long tick) {
        lastAccess = tick;
    }

    void lockScans() {
        scanLock.readLock().lock();
    }

    void unlockScans() {
        scanLock.readLock().unlock();
    }

    void lockForCommit() {
        scanLock.writeLock().lock();
    }

    void unlockForCommit() {
        scanLock.writeLock().unlock();
    }

    /** Caller holds the commit lock and this table's commit lock (or owns the table alone, as recovery does). */
    void put(Record record) {
        Record old = items.put(record.key(), record);
        order.place(old, record);
        if (old == null && orderedKeys != null) {
            orderedKeys.add(record.key());
        }
        if (!indexes.isEmpty()) {
            indexes.onPut(record.key(), old == null ? null : old.value(), record.value());
        }
        account(old, -1);
        account(record, 1);
        changed(record.key(), old, record);
    }

    /** Same locking as {@link #put}. */
    void remove(String key) {
        Record old = items.remove(key);
        if (old != null) {
            order.remove(old);
            if (orderedKeys != null) {
                orderedKeys.remove(key);
            }
            if (!indexes.isEmpty()) {
                indexes.onRemove(key, old.value());
            }
        }
        account(old, -1);
        changed(key, old, null);
    }

    /**
     * The keys in order, built on first use under the scan read lock (so no write is half applied meanwhile) and
     * kept by every put and remove after that: tables that are never listed pay no memory for it.
     */
    java.util.NavigableSet<String> orderedKeys() {
        java.util.concurrent.ConcurrentSkipListSet<String> keys = orderedKeys;
        if (keys == null) {
            lockScans();
            try {
                keys = orderedKeys;
                if (keys == null) {
                    keys = new java.util.concurrent.ConcurrentSkipListSet<>(dev.mikrodb.internal.index.KeyOrder.UTF8);
                    keys.addAll(items.keySet());
                    orderedKeys = keys;
                }
            } finally {
                unlockScans();
            }
        }
        return keys;
    }

    void pin() {
        pins.incrementAndGet();
    }

    void unpin() {
        pins.decrementAndGet();
    }

    boolean isPinned() {
        return pins.get() > 0;
    }

    /** {@code key}'s record {@code old} (null: none) was replaced by {@code record} (null: removed). */
    private void changed(String key, Record old, Record record) {
        written = true;
        changes.changed(key, old, record, items.size());
        countChangesBytes();
    }

    /**
     * What {@link #changes} remembers (removed keys) counts in the table's memory estimate: called after each call
     * that can change it, under the same locks.
     */
    private void countChangesBytes() {
        long now = changes.rememberedBytes();
        if (now != changesBytes) {
            addBytes(now - changesBytes);
            changesBytes = now;
        }
    }

    /** Adds a record read from the table's files (a later file's replacing an earlier one's); the table stays clean. */
    void load(Record record) {
        Record old = items.put(record.key(), record);
        order.place(old, record);
        changes.loadedOver(old);
        account(old, -1);
        account(record, 1);
    }

    /** Loading is done: the records take their creation order, which the files' hashed buckets do not keep. */
    void loaded() {
        order.loadedFromFiles();
    }

    /** Removes a key a delta file deleted, while loading; a later merge of the deltas must carry the tombstone. */
    void unload(String key) {
        Record old = items.remove(key);
        if (old != null) {
            order.remove(old);
            changes.loadedOver(old);
            changes.loadedTombstone(key);
            countChangesBytes();
        }
        account(old, -1);
    }

    /** The table's files changed (loaded, or written by a checkpoint). Commit lock, or before the table is shared. */
    void filesAre(TableFileState state) {
        this.files = state;
    }

    /** Loading: the base is read, current to {@code revision}; the deltas come next. */
    void baseCurrentTo(long revision) {
        changes.loadedBase(revision);
    }

    /** Loading is done: the base and the deltas together are current to {@code revision}. */
    void filesCurrentTo(long revision, boolean deltasRead) {
        changes.loadedFiles(revision, deltasRead);
    }

    /** Under the commit lock: what a checkpoint writes now, the table becoming clean ({@link TableChanges}). */
    TableSnapshot takeSnapshot(long revision) {
        TableSnapshot s = changes.take(this, items, files, fileBytes, revision);
        countChangesBytes(); // a base lets the removed keys go
        return s;
    }

    /** Under the commit lock, after a checkpoint failed to write {@code s}: what it held counts as changed again. */
    void snapshotFailed(TableSnapshot s) {
        changes.failed(s, items.size());
    }

    private void addBytes(long bytes) {
        estimatedBytes += bytes;
        java.util.concurrent.atomic.AtomicLong total = cacheTotal;
        if (total != null) {
            total.addAndGet(bytes);
        }
    }

    /**
     * The table enters the cache's byte total ({@code total}) or leaves it (null). Called as it is loaded, before
     * any writer can reach it (load lock), and as it leaves (commit lock): no change of its bytes runs meanwhile.
     */
    void countBytesIn(java.util.concurrent.atomic.AtomicLong total) {
        java.util.concurrent.atomic.AtomicLong previous = cacheTotal;
        if (previous != null) {
            previous.addAndGet(-estimatedBytes);
        }
        cacheTotal = total;
        if (total != null) {
            total.addAndGet(estimatedBytes);
        }
    }

    private void account(Record r, int sign) {
        if (r != null) {
            addBytes(sign * r.estimatedBytes());
            fileBytes += sign * r.fileBytes();
            if (r.expiration() != 0) {
                Expiry e = new Expiry(r.expiration(), r.key());
                if (sign > 0) {
                    expiring.add(e);
                } else {
                    expiring.remove(e);
                }
            }
        }
    }
}
