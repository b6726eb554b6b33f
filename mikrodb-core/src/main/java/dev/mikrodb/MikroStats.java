package dev.mikrodb;

import java.util.List;
import java.util.Map;

/**
 * What a database is doing and holding, measured (docs/operations.md): {@link MikroDB#stats()}, the server's
 * {@code GET /api/stats} and {@code /metrics}.
 *
 * @param revision the revision of the last commit
 * @param operations by operation ({@code get}, {@code query}, {@code write}, {@code delete}, {@code list},
 *     {@code commit}: document and multi-table writes)
 */
public record MikroStats(long revision, Storage storage, Data data, Cache cache, Map<String, Operation> operations,
                         Subscribers subscribers) {
    /** Upper bounds, in seconds, of the latency histogram buckets of {@link Operation#latencyBuckets()}. */
    public static final List<Double> LATENCY_BUCKET_SECONDS = latencyBounds();

    /**
     * Bytes on disk and the work that put them there.
     *
     * @param bytesByTable per engine table name ({@code table} in {@code default}, {@code db~table} otherwise)
     * @param changeFeedBytes the change feed's retained history ({@code changes/}), included in {@code totalBytes}
     */
    public record Storage(long totalBytes, long walBytes, Map<String, Long> bytesByDatabase,
                          Map<String, Long> bytesByTable, long checkpoints, double lastCheckpointMillis,
                          double checkpointSecondsTotal, long fsyncs, long walBytesAppended, long changeFeedBytes) {
    }

    /** Databases and tables (the reserved {@code admin} database not counted), items, tables loaded in memory. */
    public record Data(int databases, int tables, long items, int loadedTables) {
    }

    /** Table cache: lookups answered from memory, loads from disk, tables evicted. */
    public record Cache(long hits, long misses, long evictions) {
    }

    /**
     * One kind of operation: counts since open, and rate and latency percentiles over the last minute.
     *
     * @param latencyBuckets since open, the count of operations per bucket of {@link #LATENCY_BUCKET_SECONDS} (not
     *     cumulative), plus one last bucket for slower ones
     */
    public record Operation(long total, long errors, double secondsTotal, double perSecondLastMinute,
                            double p50MicrosLastMinute, double p99MicrosLastMinute, List<Long> latencyBuckets) {
    }

    /**
     * Change-event subscribers, the events waiting in their queues, and events dropped: none while the change feed
     * still holds what a slow subscriber missed (it reads that from the log instead).
     */
    public record Subscribers(int count, long queuedEvents, long droppedEvents) {
    }

    private static List<Double> latencyBounds() {
        Double[] bounds = new Double[25];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Math.scalb(1e-6, i); // 1 µs, 2 µs, 4 µs ... about 16.8 s
        }
        return List.of(bounds);
    }
}
