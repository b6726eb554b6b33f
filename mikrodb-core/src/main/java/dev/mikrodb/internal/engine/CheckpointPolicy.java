package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.storage.WriteAheadLog;

/**
 * When a checkpoint is worth its cost. A checkpoint rewrites whole dirty tables, so it pays once the WAL holds at
 * least as many bytes as those tables (or passes its size limit): that bounds the rewriting to one byte of table per
 * byte of WAL, so the cost of a write does not grow with the size of its table. The seed's "every 100 writes" would
 * rewrite a 100,000-item table a thousand times per 100,000 writes. So that table files never fall far behind, the
 * periodic tick also checkpoints anything dirty that has waited {@link #MAX_INTERVALS_BETWEEN_CHECKPOINTS} intervals.
 */
final class CheckpointPolicy {
    /** The interval tick checkpoints anything dirty at least this often, so table files never fall far behind. */
    static final int MAX_INTERVALS_BETWEEN_CHECKPOINTS = 30;

    private final TableCache cache;
    private final WriteAheadLog wal;
    private final int writesBetweenChecks;
    private final long maxWalBytes;
    private final long overdueNanos;
    /** Guarded by the commit lock. */
    private long writesSinceCheckpoint;
    private volatile long lastCheckpointNanos = System.nanoTime();

    CheckpointPolicy(TableCache cache, WriteAheadLog wal, int writesBetweenChecks, long maxWalBytes,
                     long intervalNanos) {
        this.cache = cache;
        this.wal = wal;
        this.writesBetweenChecks = writesBetweenChecks;
        this.maxWalBytes = maxWalBytes;
        this.overdueNanos = intervalNanos * MAX_INTERVALS_BETWEEN_CHECKPOINTS;
    }

    /**
     * Under the commit lock, after a commit of {@code writes} operations: whether to request a checkpoint now. True at
     * once when the WAL passes its size limit; otherwise checked every {@code maxWriteOpsBeforeFlush} writes.
     */
    boolean afterCommit(int writes) {
        long before = writesSinceCheckpoint;
        writesSinceCheckpoint += writes;
        boolean checkDue = before / writesBetweenChecks != writesSinceCheckpoint / writesBetweenChecks;
        return wal.activeSegmentBytes() >= maxWalBytes || (checkDue && worthwhile());
    }

    /** On the periodic tick: whether to checkpoint now. */
    boolean dueOnTick() {
        return worthwhile() || (anyDirty() && System.nanoTime() - lastCheckpointNanos >= overdueNanos);
    }

    /** Under the commit lock, when a checkpoint has rotated the WAL. */
    void checkpointStarted() {
        writesSinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    private boolean worthwhile() {
        long walBytes = wal.activeSegmentBytes();
        if (walBytes >= maxWalBytes) {
            return true;
        }
        long dirtyBytes = 0;
        for (Table t : cache.loadedTables()) {
            if (t.isDirty()) {
                dirtyBytes += t.estimatedBytes();
            }
        }
        return dirtyBytes > 0 && walBytes >= dirtyBytes;
    }

    private boolean anyDirty() {
        for (Table t : cache.loadedTables()) {
            if (t.isDirty()) {
                return true;
            }
        }
        return false;
    }
}
