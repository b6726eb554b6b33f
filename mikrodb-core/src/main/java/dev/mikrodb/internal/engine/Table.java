package dev.mikrodb.internal.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A loaded table. Point reads go straight to the concurrent map. Mutations happen only under the database's commit
 * lock, and additionally under this table's write lock so that a scan (which holds the read lock) never sees half of
 * a batch.
 */
final class Table {
    final String name;
    final ConcurrentHashMap<String, Record> items = new ConcurrentHashMap<>();
    final ReentrantReadWriteLock scanLock = new ReentrantReadWriteLock();
    /** Guarded by the commit lock. */
    boolean dirty;
    /** Guarded by the commit lock; read without it only as an estimate. */
    volatile long estimatedBytes;
    /** Records with an expiration, so the sweeper skips tables without any. Guarded by the commit lock. */
    volatile int expiringCount;
    volatile long lastAccess;
    /** Whether a checkpointed file of this table exists. Guarded by the commit lock. */
    boolean onDisk;
    /** Whether a write to this table has committed since it was loaded or created. Guarded by the commit lock. */
    boolean written;

    Table(String name) {
        this.name = name;
    }

    /** A table exists once it has a file or a committed write; an uncommitted placeholder does not. */
    boolean exists() {
        return onDisk || written;
    }

    /** Caller holds the commit lock (or is recovery) and, if the table is shared, the scan write lock. */
    Record put(Record record) {
        Record old = items.put(record.key, record);
        account(old, -1);
        account(record, 1);
        return old;
    }

    Record remove(String key) {
        Record old = items.remove(key);
        account(old, -1);
        return old;
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
