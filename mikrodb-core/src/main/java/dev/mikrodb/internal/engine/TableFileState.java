package dev.mikrodb.internal.engine;

/**
 * A table's files, as far as checkpoints need to know: whether a base exists, the bytes of the deltas after it (what a
 * merge would rewrite), how many deltas, and the highest sequence number used (so the next file is numbered after
 * every existing one, stale ones included).
 */
record TableFileState(boolean hasBase, long deltaBytes, int deltas, long lastSeq) {
    /** At this many deltas the next checkpoint merges them into one (a new delta; the base stays). */
    static final int MAX_DELTAS = 16;

    static TableFileState none(long lastSeq) {
        return new TableFileState(false, 0, 0, lastSeq);
    }

    boolean exists() {
        return hasBase || deltas > 0;
    }

    /**
     * Whether the next delta should also carry every key of the deltas before it, replacing them: so a table has at
     * most {@link #MAX_DELTAS} delta files to read, without rewriting its base ({@link TableChanges} says when a
     * base is due).
     */
    boolean wantsDeltaMerge() {
        return deltas >= MAX_DELTAS;
    }

    TableFileState withBase(long seq) {
        return new TableFileState(true, 0, 0, seq);
    }

    /** A delta that carries every earlier delta's keys has replaced them. */
    TableFileState withMergedDelta(long seq, long bytes) {
        return new TableFileState(hasBase, bytes, 1, seq);
    }

    TableFileState withDelta(long seq, long bytes) {
        return new TableFileState(hasBase, deltaBytes + bytes, deltas + 1, seq);
    }
}
