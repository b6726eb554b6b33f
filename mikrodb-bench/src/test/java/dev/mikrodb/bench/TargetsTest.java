package dev.mikrodb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scorecard's arithmetic and verdicts, on figures written as {@code bin/bench} writes them. */
class TargetsTest {
    private static Map<String, Targets.Line> rows(String... lines) {
        return Targets.parse(List.of(lines)).lines().stream()
                .collect(Collectors.toMap(Targets.Line::workload, Function.identity()));
    }

    private static Targets.Line row(Map<String, Targets.Line> rows, String prefix) {
        return rows.values().stream().filter(l -> l.workload().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void ratesAreComparedHigherIsBetterAndTimesLowerIsBetter() {
        Map<String, Targets.Line> rows = rows(
                "jmh|write|10000|os|mikrodb\t300000\t1000\tops/s", "jmh|write|10000|os|rocksdb\t150000\t900\tops/s",
                "jmh|checkpoint|100000, 1000 changed|os|mikrodb\t3.0\t0.2\tms/op",
                "jmh|checkpoint|100000, 1000 changed|os|sqlite\t2.0\t0.1\tms/op");
        Targets.Line write = row(rows, "single write");
        assertEquals(Targets.Verdict.MET, write.verdict());
        assertTrue(write.measured().contains("300,000 ops/s against 150,000 ops/s: **2.00x**"), write.measured());
        Targets.Line checkpoint = row(rows, "checkpoint, 1,000");
        assertEquals(Targets.Verdict.MISSED, checkpoint.verdict()); // 3 ms against SQLite's 2 ms
        assertTrue(checkpoint.measured().contains("3.000 ms/op against 2.000 ms/op: **0.67x**"), checkpoint.measured());
    }

    @Test
    void readsTheFiguresTheJmhProfileWrites() {
        List<BenchMain.Row> jmh = List.of(
                new BenchMain.Row("checkpoint", "100000, 1000 changed", "os", "ms/op", false,
                        Map.of("mikrodb", new double[] {2.0, 0.1}, "sqlite", new double[] {3.0, 0.2})),
                new BenchMain.Row("write", "10000", "os", "ops/s", true,
                        Map.of("mikrodb", new double[] {100_000, 5_000}, "rocksdb", new double[] {80_000, 4_000})));
        String written = BenchMain.figures(jmh, new MemoryFootprint.Result(100_000, 200, 390, 410));
        Map<String, Targets.Line> rows = rows(written.split("\n"));
        Targets.Line checkpoint = row(rows, "checkpoint, 1,000");
        assertEquals("2.000 ms/op against 3.000 ms/op: **1.50x**", checkpoint.measured()); // a time: inverted
        assertEquals(Targets.Verdict.MET, checkpoint.verdict());
        assertTrue(row(rows, "single write").measured().endsWith("**1.25x**"), row(rows, "single write").measured());
        assertEquals("2.050x raw JSON", row(rows, "memory").measured());
        assertEquals(Targets.Verdict.MISSED, row(rows, "memory").verdict());
    }

    @Test
    void pointGetsAreJudgedOnTheTargetAndShownBesideTheMapFloor() {
        List<BenchMain.Row> jmh = List.of(
                new BenchMain.Row("get", "100000", "os", "ops/s", true, Map.of("mikrodb", new double[] {3e6, 1e5})),
                new BenchMain.Row("get", "100000", "os", "ops/s", true,
                        Map.of(MapFloorBenchmark.ENGINE, new double[] {1.2e7, 2e5})));
        Targets.Line get = row(rows(BenchMain.figures(jmh, new MemoryFootprint.Result(1, 1, 1, 1)).split("\n")),
                "point get");
        assertEquals("3.00M/s (a bare hash map in the same loop: 12.00M/s, 0.25x of it)", get.measured());
        assertEquals(Targets.Verdict.MISSED, get.verdict()); // the floor is context, the target is 5M/s
    }

    @Test
    void rowsWithoutFiguresAreNotMeasuredRatherThanMissed() {
        Map<String, Targets.Line> rows = rows("jmh|get|100000|os|mikrodb\t6000000\t100000\tops/s",
                "memory|queried\t2.004\tNaN\tx");
        assertEquals(Targets.Verdict.MET, row(rows, "point get").verdict());
        assertEquals(Targets.Verdict.MISSED, row(rows, "memory").verdict()); // 2.004x is over 2x, shown as such
        assertEquals("2.004x raw JSON", row(rows, "memory").measured());
        assertEquals(Targets.Verdict.NOT_MEASURED, row(rows, "`POST /get`").verdict());
        assertEquals(Targets.Verdict.NOT_MEASURED, row(rows, "remote YCSB").verdict());
        assertEquals(Targets.Verdict.NOT_MEASURED, row(rows, "JVM start").verdict());
        assertEquals(15, rows.size(), "every row of the issue's table, and the full checkpoint, appears");
    }

    @Test
    void theWriteCostRowGivesEachPeersOwnRatioBesideMikroDbs() {
        Targets.Line cost = row(rows("jmh|write|100000|os|mikrodb\t300000\t1000\tops/s",
                "jmh|write|1000|os|mikrodb\t600000\t1000\tops/s", "jmh|write|100000|os|rocksdb\t200000\t1000\tops/s",
                "jmh|write|1000|os|rocksdb\t300000\t1000\tops/s", "jmh|write|1000|os|sqlite\t40000\t1000\tops/s"),
                "write cost");
        // SQLite has no 100,000-item figure here, so it is left out rather than shown as a ratio of nothing
        assertEquals("300,000 against 600,000 writes/s: **0.50x**; the peers' own: RocksDB 0.67x", cost.measured());
        assertEquals(Targets.Verdict.MISSED, cost.verdict()); // the target is MikroDB's own ratio
    }

    @Test
    void httpRowsPairEachRoundWithNginxInTheSameRound() {
        Map<String, Targets.Line> rows = rows("http|nginx\t50000", "http|get\t50000", "http|write\t25000",
                "http|nginx\t40000", "http|get\t32000", "http|write\t24000");
        Targets.Line get = row(rows, "`POST /get`");
        assertTrue(get.measured().contains("**0.90x** (rounds 1.00, 0.80)"), get.measured());
        assertEquals(Targets.Verdict.MET, get.verdict());
        Targets.Line write = row(rows, "`POST /write`");
        assertTrue(write.measured().contains("**0.55x**"), write.measured()); // (0.5 + 0.6) / 2
        assertEquals(Targets.Verdict.MISSED, write.verdict());
    }

    /** wrk: gets at 40,000/s, writes at 20,000/s; YCSB's five workloads, F at {@code f} ops/s. */
    private static String[] ycsbFigures(String f) {
        return new String[] {"http|nginx\t50000", "http|get\t40000", "http|write\t20000", "ycsb-remote|a\t10000",
            "ycsb-remote|b\t19000", "ycsb-remote|c\t20000", "ycsb-remote|d\t20000", "ycsb-remote|f\t" + f};
    }

    @Test
    void remoteYcsbIsTheShareOfWrkTimeItsRequestsWouldTake() {
        // Workload A sends a get and half a write per operation: 10,000 ops/s take 10,000 * (1 / 40,000 +
        // 0.5 / 20,000) = 0.5 of wrk's capacity.
        Targets.Line ycsb = row(rows(ycsbFigures("8000")), "remote YCSB");
        assertTrue(ycsb.measured().contains("A 10,000 ops/s **0.50x**"), ycsb.measured());
        assertTrue(ycsb.measured().contains("C 20,000 ops/s **0.50x**"), ycsb.measured());
        assertTrue(ycsb.measured().contains("B 19,000 ops/s **0.52x**"), ycsb.measured()); // 0.475 + 0.0475
        // F's read-modify-write is a read and an update, two gets and a write: 8,000 * (1.5 / 40,000 + 0.5 / 20,000)
        assertTrue(ycsb.measured().contains("F 8,000 ops/s **0.50x**"), ycsb.measured());
        assertEquals(Targets.Verdict.MET, ycsb.verdict());
        Targets.Line slowerF = row(rows(ycsbFigures("7000")), "remote YCSB");
        assertTrue(slowerF.measured().contains("F 7,000 ops/s **0.44x**"), slowerF.measured());
        assertEquals(Targets.Verdict.MISSED, slowerF.verdict());
    }

    @Test
    void startIsJudgedOnTheMedianRun() {
        Map<String, Targets.Line> rows = rows("start\t0.25", "start\t0.9", "start\t0.28", "start|java-version\t0.1",
                "start|java-version\t0.12", "start|java-version\t0.3");
        Targets.Line start = row(rows, "JVM start");
        assertEquals(Targets.Verdict.MET, start.verdict());
        assertEquals("median 0.28 s of 3 runs (0.25-0.90 s); `java -version` alone 0.12 s", start.measured());
    }
}
