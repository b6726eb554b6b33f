package dev.mikrodb.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mikrodb.MikroStats;
import org.junit.jupiter.api.Test;

/** The last minute is measured from the marks of the totals: what fell out of it stops counting, totals do not. */
class OperationStatsTest {
    private static void gets(OperationStats stats, int n) {
        for (int i = 0; i < n; i++) {
            stats.record(OperationStats.Op.GET, System.nanoTime(), false);
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
}
