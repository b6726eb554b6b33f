package dev.mikrodb.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A loaded table. Point reads go straight to the concurrent map. Mutations happen only under the commit lock, and
 * additionally under this table's scan write lock so that a scan (which holds the read lock) never sees half of a
 * batch. The table owns its checkpoint state: whether it has unwritten changes, and whether a file of it exists.
 */
final class Table {
    final String name;
    private final ConcurrentHashMap<String, Record> items = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock scanLock = new ReentrantReadWriteLock();
    /** Changes not yet in the table file. Guarded by the commit lock. */
    private boolean dirty;
    /** Whether a checkpointed file of this table exists. Guarded by the commit lock. */
    private boolean onDisk;
    /** Whether a write to this table has committed since it was loaded or created. Guarded by the commit lock. */
    private boolean written;
    /** Guarded by the commit lock; read without it only as an estimate. */
    private volatile long estimatedBytes;
    /** Records with an expiration, so the sweeper skips tables without any. Guarded by the commit lock. */
    private volatile int expiringCount;
    private volatile long lastAccess;

    private Table(String name, boolean onDisk) {
        this.name = name;
        this.onDisk = onDisk;
    }

    /** A table that exists only in memory until a write commits to it. */
    static Table created(String name) {
        return new Table(name, false);
    }

    /** A table being filled from its file; it starts clean. */
    static Table fromFile(String name) {
        return new Table(name, true);
    }

    Record get(String key) {
        return items.get(key);
    }

    int size() {
        return items.size();
    }

    /** Every record; callers that need a consistent view hold the scan read lock. */
    Collection<Record> records() {
        return items.values();
    }

    /** A table exists once it has a file or a committed write; an uncommitted placeholder does not. */
    boolean exists() {
        return onDisk || written;
    }

    boolean isDirty() {
        return dirty;
    }

    boolean hasExpiringItems() {
        return expiringCount > 0;
    }

    long estimatedBytes() {
        return estimatedBytes;
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
        Record old = items.put(record.key, record);
        account(old, -1);
        account(record, 1);
        dirty = true;
        written = true;
    }

    /** Same locking as {@link #put}. */
    void remove(String key) {
        account(items.remove(key), -1);
        dirty = true;
        written = true;
    }

    /** Adds a record read from the table file; the table stays clean. */
    void load(Record record) {
        account(items.put(record.key, record), -1);
        account(record, 1);
    }

    /** Under the commit lock: the records to write to the file now, marking the table clean. */
    List<Record> takeSnapshot() {
        dirty = false;
        return new ArrayList<>(items.values());
    }

    /** Under the commit lock, after a checkpoint wrote the snapshot's file. */
    void snapshotWritten() {
        onDisk = true;
    }

    /** Under the commit lock, after a checkpoint failed to write the snapshot. */
    void snapshotFailed() {
        dirty = true;
    }

    private void account(Record r, int sign) {
        if (r != null) {
            estimatedBytes += sign * r.estimatedBytes();
            if (r.expiration != 0) {
                expiringCount += sign;
            }
        }
    }
}
