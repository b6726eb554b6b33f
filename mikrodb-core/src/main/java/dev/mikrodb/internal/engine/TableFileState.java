package dev.mikrodb.internal.engine;

/**
 * A table's files, as far as checkpoints need to know: whether a base exists, the bytes of the base and of the deltas
 * after it, how many deltas, and the highest sequence number used (so the next file is numbered after every
 * existing one, stale ones included).
 */
record TableFileState(boolean hasBase, long baseBytes, long deltaBytes, int deltas, long lastSeq) {
    /** At this many deltas the next checkpoint merges them into one (a new delta; the base stays). */
    static final int MAX_DELTAS = 16;

    static TableFileState none(long lastSeq) {
        return new TableFileState(false, 0, 0, 0, lastSeq);
    }

    boolean exists() {
        return hasBase || deltas > 0;
    }

    /**
     * Whether the next checkpoint should write a new base rather than another delta: once the deltas would be half
     * as large as the base, so that reading a table never costs more than 1.5 times its size and rewriting it stays
     * proportional to what changed.
     */
    boolean wantsCompaction(int changedKeys, int items) {
        return items > 0 && deltaBytes + baseBytes * changedKeys / Math.max(1, items) > baseBytes / 2;
    }

    /**
     * Whether the next delta should also carry every key of the deltas before it, replacing them: so a table has at
     * most {@link #MAX_DELTAS} delta files to read, without rewriting its base (which the size rule above bounds).
     */
    boolean wantsDeltaMerge() {
        return deltas >= MAX_DELTAS;
    }

    TableFileState withBase(long seq, long bytes) {
        return new TableFileState(true, bytes, 0, 0, seq);
    }

    /** A delta that carries every earlier delta's keys has replaced them. */
    TableFileState withMergedDelta(long seq, long bytes) {
        return new TableFileState(hasBase, baseBytes, bytes, 1, seq);
    }

    TableFileState withDelta(long seq, long bytes) {
        return new TableFileState(hasBase, baseBytes, deltaBytes + bytes, deltas + 1, seq);
    }
}
