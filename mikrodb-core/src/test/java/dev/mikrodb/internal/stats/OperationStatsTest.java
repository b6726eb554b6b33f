package dev.mikrodb.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroStats;
import org.junit.jupiter.api.Test;

/**
 * The last minute is measured from the marks of the totals: what fell out of it stops counting, totals do not. Gets
 * are timed one in {@link OperationStats#GET_SAMPLE} per thread; the others count with the last timed one's latency.
 */
class OperationStatsTest {
    private static void gets(OperationStats stats, int n) {
        for (int i = 0; i < n; i++) {
            stats.time(OperationStats.Op.GET, () -> 1);
        }
    }

    private static MikroStats.Operation get(OperationStats stats, long second) {
        return stats.snapshotAt(second).get("get");
    }

    @Test
    void theLastMinuteCountsOnlyWhatCameAfterTheOldestMarkInsideIt() {
        OperationStats stats = new OperationStats(1_000);
        gets(stats, 5);
        stats.markAt(1_010);
        gets(stats, 3);
        assertEquals(8 / 60.0, get(stats, 1_030).perSecondLastMinute(), 1e-9, "younger than a minute: all of it");
        assertEquals(3 / 60.0, get(stats, 1_065).perSecondLastMinute(), 1e-9, "the 5 before the mark at 1,010 left");
        MikroStats.Operation later = get(stats, 1_200);
        assertEquals(0, later.perSecondLastMinute(), "nothing in the last minute");
        assertEquals(0, later.p99MicrosLastMinute());
        assertEquals(8, later.total(), "totals since open are kept");
        assertEquals(8, later.latencyBuckets().stream().mapToLong(Long::longValue).sum());
    }

    /** Spins (no sleep: the latency is the point, not a wait) until {@code nanos} have passed. */
    private static Integer busy(long nanos) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
        return 1;
    }

    @Test
    void getsNotTimedCountWithTheLatencyOfTheLastTimedOneAndTheBucketsStillAddUpToTheTotal() {
        OperationStats stats = new OperationStats();
        int slowBucket = OperationStats.bucketOf(2_500_000);
        stats.time(OperationStats.Op.GET, () -> busy(2_500_000)); // timed: the thread's first get
        for (int i = 1; i < OperationStats.GET_SAMPLE; i++) {
            stats.time(OperationStats.Op.GET, () -> 1); // fast, but not timed: they count as slow as the first
        }
        stats.time(OperationStats.Op.GET, () -> 1); // timed again: fast
        assertThrows(IllegalStateException.class, () -> stats.time(OperationStats.Op.GET, () -> {
            throw new IllegalStateException("failing get");
        }));
        MikroStats.Operation gets = stats.snapshot().get("get");
        int total = OperationStats.GET_SAMPLE + 2;
        assertEquals(total, gets.total());
        assertEquals(1, gets.errors());
        assertEquals(total, gets.latencyBuckets().stream().mapToLong(Long::longValue).sum());
        long slow = gets.latencyBuckets().stream().skip(slowBucket).mapToLong(Long::longValue).sum();
        assertTrue(slow >= OperationStats.GET_SAMPLE, "the first and the ones it stands for: " + gets);
        assertTrue(gets.secondsTotal() >= OperationStats.GET_SAMPLE * 0.0025, gets.toString());
    }

    /**
     * Untimed gets wait in their thread's slots until the next timed get moves them into the counters; a snapshot
     * taken meanwhile, from another thread, counts them once: never twice, never missing, never going back.
     */
    @Test
    void snapshotsTakenWhileAnotherThreadGetsCountEveryGetOnceAndNeverGoBack() throws Exception {
        OperationStats stats = new OperationStats();
        int n = 200_003; // not a multiple of GET_SAMPLE: some gets are still pending at the end
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        Thread getter = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                stats.time(OperationStats.Op.GET, () -> 1);
                done.lazySet(i + 1);
            }
        });
        getter.start();
        long last = 0;
        int snapshots = 0;
        while (getter.isAlive() || snapshots == 0) {
            long before = done.get();
            MikroStats.Operation gets = stats.snapshot().get("get");
            long total = gets.total();
            assertTrue(total >= last, "went back from " + last + " to " + total);
            assertTrue(total <= n, "counted twice: " + total);
            assertTrue(total >= before, "missed gets that had returned: " + total + " < " + before);
            assertEquals(total, gets.latencyBuckets().stream().mapToLong(Long::longValue).sum());
            last = total;
            snapshots++;
        }
        getter.join();
        MikroStats.Operation gets = stats.snapshot().get("get");
        assertEquals(n, gets.total(), "after " + snapshots + " snapshots");
        assertEquals(n, gets.latencyBuckets().stream().mapToLong(Long::longValue).sum());
        assertEquals(0, gets.errors());
    }

    /** The form the get path uses, with its body in a field and its arguments passed, counts like the other. */
    @Test
    void aBodyGivenItsArgumentsGetsThemAndCountsItsResultOrItsFailure() {
        OperationStats stats = new OperationStats();
        java.util.function.BiFunction<String, String, String> body = (table, key) -> {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty key");
            }
            return table + "/" + key;
        };
        assertEquals("users/u1", stats.time(OperationStats.Op.GET, "users", "u1", body)); // timed: the first
        assertThrows(IllegalArgumentException.class, () -> stats.time(OperationStats.Op.GET, "users", "", body));
        MikroStats.Operation gets = stats.snapshot().get("get");
        assertEquals(2, gets.total());
        assertEquals(1, gets.errors());
        // timeGet, the engine's form: failures timed and untimed count, and the countdown runs over both
        for (int i = 0; i < 3 * OperationStats.GET_SAMPLE; i++) {
            String key = i % 5 == 0 ? "" : "k";
            if (key.isEmpty()) {
                assertThrows(IllegalArgumentException.class, () -> stats.timeGet("users", key, body));
            } else {
                assertEquals("users/k", stats.timeGet("users", key, body));
            }
        }
        gets = stats.snapshot().get("get");
        assertEquals(2 + 3 * OperationStats.GET_SAMPLE, gets.total());
        assertEquals(1 + (3 * OperationStats.GET_SAMPLE + 4) / 5, gets.errors());
        assertEquals(gets.total(), gets.latencyBuckets().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void everyWriteIsTimed() {
        OperationStats stats = new OperationStats();
        stats.time(OperationStats.Op.WRITE, () -> busy(2_500_000));
        stats.time(OperationStats.Op.WRITE, () -> 1);
        MikroStats.Operation writes = stats.snapshot().get("write");
        long slow = writes.latencyBuckets().stream().skip(OperationStats.bucketOf(2_500_000))
                .mapToLong(Long::longValue).sum();
        assertEquals(1, slow, "the slow write in its bucket, the fast one below it: " + writes);
    }
}
