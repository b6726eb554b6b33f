package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.storage.WalFormat;
import dev.mikrodb.internal.storage.WriteAheadLog;

/**
 * When to checkpoint. A checkpoint writes only what changed (deltas), so it is cheap and happens often, as the seed
 * promises: after {@code maxWriteOpsBeforeFlush} writes, but at most every quarter interval so that a fast writer
 * does not checkpoint thousands of times a second; on every tick with anything dirty; and at once when the WAL passes
 * {@code maxWalBytes}. The WAL therefore stays small, and recovery replays little.
 */
final class CheckpointPolicy {
    private final TableCache cache;
    private final WriteAheadLog wal;
    private final int writesBetweenCheckpoints;
    private final long maxWalBytes;
    private final long minNanosBetween;
    /** Guarded by the commit lock. */
    private long writesSinceCheckpoint;
    private volatile long lastCheckpointNanos;
    private long startedNanos;
    private long lastDurationNanos;
    private long totalDurationNanos;
    private long checkpoints;

    CheckpointPolicy(TableCache cache, WriteAheadLog wal, int writesBetweenCheckpoints, long maxWalBytes,
                     long intervalNanos) {
        this.cache = cache;
        this.wal = wal;
        this.writesBetweenCheckpoints = writesBetweenCheckpoints;
        this.maxWalBytes = maxWalBytes;
        this.minNanosBetween = intervalNanos / 4;
        this.lastCheckpointNanos = System.nanoTime() - minNanosBetween; // the first one may run at once
    }

    /** Under the commit lock, after a commit of {@code writes} operations: whether to request a checkpoint now. */
    boolean afterCommit(int writes) {
        writesSinceCheckpoint += writes;
        if (wal.activeSegmentBytes() >= maxWalBytes) {
            return true;
        }
        return writesSinceCheckpoint >= writesBetweenCheckpoints
                && System.nanoTime() - lastCheckpointNanos >= minNanosBetween;
    }

    /** On the periodic tick: whether anything waits to be checkpointed. */
    boolean dueOnTick() {
        if (wal.activeSegmentBytes() > WalFormat.HEADER_BYTES || !cache.catalog().droppedStems().isEmpty()) {
            return true;
        }
        for (Table t : cache.loadedTables()) {
            if (t.isDirty()) {
                return true;
            }
        }
        return false;
    }

    /** Under the commit lock, when a checkpoint has rotated the WAL. */
    void checkpointStarted() {
        writesSinceCheckpoint = 0;
        startedNanos = System.nanoTime();
    }

    synchronized void checkpointFinished() {
        lastCheckpointNanos = System.nanoTime();
        lastDurationNanos = lastCheckpointNanos - startedNanos;
        totalDurationNanos += lastDurationNanos;
        checkpoints++;
    }

    /** Checkpoints finished since open, the last one's duration and all of theirs, in nanoseconds. */
    synchronized long[] counters() {
        return new long[] {checkpoints, lastDurationNanos, totalDurationNanos};
    }
}
