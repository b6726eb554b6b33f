package dev.mikrodb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Issue 12's table of targets, filled in from the figures of one run: {@code bin/bench} gathers them from the JMH
 * profile ({@link BenchMain} {@code --figures}), wrk against nginx and {@code mikrodb serve}, the sixteen sync
 * writers, remote YCSB and the one-shot launcher, then prints this table after its reports. Each row says what was
 * measured, the target and whether it was met, so nobody has to find a row's figures in five tables.
 *
 * <p>A figure is a line {@code key TAB value [TAB error [TAB unit]]}; JMH's figures carry JMH's unit, which says
 * whether higher is better ({@link BenchMain#higherIsBetter}). A key may repeat (one line per round of wrk, per
 * launcher run); a row whose figures are missing is "not measured", which is what a run without nginx or wrk gives.
 * {@code java -cp benchmarks.jar dev.mikrodb.bench.Targets FIGURES}.
 */
public final class Targets {
    /** A row of the table: what was measured and whether it reached the target. */
    record Line(String workload, String measured, String target, Verdict verdict) {
    }

    enum Verdict {
        MET("met"), MISSED("**missed**"), NOT_MEASURED("not measured");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    /**
     * YCSB workloads run remotely, with the gets and writes each operation sends on average. The binding's update is
     * a get and a write (it merges the fields YCSB changes into the stored record), and YCSB's read-modify-write is
     * a read and then an update: two gets and a write. So A (half reads, half updates) sends 1 get and 0.5 writes,
     * and F (half reads, half read-modify-writes) 1.5 gets and 0.5 writes.
     */
    private static final Map<String, double[]> YCSB_REQUESTS = Map.of(
            "a", new double[] {1.0, 0.5}, "b", new double[] {1.0, 0.05}, "c", new double[] {1.0, 0.0},
            "d", new double[] {0.95, 0.05}, "f", new double[] {1.5, 0.5});

    private final Map<String, List<Double>> figures;
    private final Map<String, String> units;

    private Targets(Map<String, List<Double>> figures, Map<String, String> units) {
        this.figures = figures;
        this.units = units;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Targets FIGURES_FILE");
            System.exit(2);
        }
        System.out.print(parse(Files.readAllLines(Path.of(args[0]))).markdown());
    }

    static Targets parse(List<String> lines) {
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split("\t");
            if (parts.length >= 2 && !parts[1].isBlank()) {
                figures.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Double.parseDouble(parts[1].trim()));
                if (parts.length >= 4) {
                    units.put(parts[0], parts[3].trim());
                }
            }
        }
        return new Targets(figures, units);
    }

    String markdown() {
        StringBuilder o = new StringBuilder("| workload (issue 12) | measured in this run | target | verdict |\n"
                + "|---|---|---|---|\n");
        for (Line l : lines()) {
            o.append("| ").append(l.workload()).append(" | ").append(l.measured()).append(" | ").append(l.target())
                    .append(" | ").append(l.verdict().text).append(" |\n");
        }
        return o.toString();
    }

    List<Line> lines() {
        List<Line> out = new ArrayList<>();
        out.add(againstPeer("single write, os durability, 10,000 items", "write", "10000", "rocksdb", 1.5));
        out.add(againstPeer("batch of 100 writes, 10,000 items", "batchWrite100", "10000", "rocksdb", 1.5));
        out.add(ingest());
        out.add(writeCost());
        out.add(pointGet());
        Double filter = first(jmh("filterQuery", "100000", "mikrodb"));
        out.add(single("filter with two conditions, 100,000 items", "at most 10 ms", filter,
                () -> String.format(Locale.ROOT, "%.2f ms", filter), () -> filter <= 10));
        Double memory = first("memory|queried");
        out.add(single("memory of a loaded 100,000-item table, after queries", "at most 2x raw JSON", memory,
                () -> String.format(Locale.ROOT, "%.3fx raw JSON", memory), () -> memory <= 2.0));
        out.add(coldOpen());
        out.add(againstPeer("checkpoint, 1,000 of 100,000 items changed", "checkpoint", "100000, 1000 changed",
                "sqlite", 1.0));
        out.add(againstPeer("checkpoint, all 100,000 items changed", "checkpoint", "100000, 100000 changed",
                "sqlite", 1.0));
        out.add(syncWriters());
        out.add(againstNginx("`POST /get` by key, wrk 16 connections", "http|get", 0.9));
        out.add(againstNginx("`POST /write`, wrk 16 connections", "http|write", 0.6));
        out.add(remoteYcsb());
        out.add(start());
        return out;
    }

    /** Judged on the absolute target, and shown beside the floor a bare hash map sets in the same loop. */
    private Line pointGet() {
        Double get = first(jmh("get", "100000", "mikrodb"));
        Double floor = first(jmh("get", "100000", MapFloorBenchmark.ENGINE));
        return single("point get, 100,000 items", "5M/s per thread", get, () -> String.format(Locale.ROOT,
                "%.2fM/s", get / 1e6) + (floor == null ? "" : String.format(Locale.ROOT,
                " (a bare hash map in the same loop: %.2fM/s, %.2fx of it)", floor / 1e6, get / floor)),
                () -> get >= 5e6);
    }

    private static String jmh(String benchmark, String items, String engine) {
        return String.join("|", "jmh", benchmark, items, "os", engine);
    }

    private Double first(String key) {
        List<Double> values = figures.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private List<Double> all(String key) {
        return figures.getOrDefault(key, List.of());
    }

    private static Line missing(String workload, String target) {
        return new Line(workload, "", target, Verdict.NOT_MEASURED);
    }

    /** A row judged on one figure, or not measured when it is absent. */
    private static Line single(String workload, String target, Double value, Supplier<String> shown,
                               BooleanSupplier met) {
        return value == null ? missing(workload, target)
                : new Line(workload, shown.get(), target, Verdict.of(met.getAsBoolean()));
    }

    private static String peerName(String engine) {
        return switch (engine) {
            case "mikrodb" -> "MikroDB";
            case "rocksdb" -> "RocksDB";
            case "sqlite" -> "SQLite";
            case "h2mvstore" -> "H2 MVStore";
            default -> engine;
        };
    }

    /** MikroDB against one peer in the JMH profile; times (ms/op) are lower-is-better, rates higher-is-better. */
    private Line againstPeer(String workload, String benchmark, String items, String peer, double target) {
        String goal = String.format(Locale.ROOT, "at least %sx %s", trim(target), peerName(peer));
        Double ratio = ratio(benchmark, items, peer);
        if (ratio == null) {
            return missing(workload, goal);
        }
        String unit = " " + units.get(jmh(benchmark, items, "mikrodb"));
        return new Line(workload, String.format(Locale.ROOT, "%s%s against %s%s: **%.2fx**",
                fmt(first(jmh(benchmark, items, "mikrodb"))), unit, fmt(first(jmh(benchmark, items, peer))), unit,
                ratio), goal, Verdict.of(ratio >= target));
    }

    /** MikroDB's speed over the peer's: above 1 MikroDB is faster. Benchmarks timed in ms/op are inverted. */
    private Double ratio(String benchmark, String items, String peer) {
        Double mikro = first(jmh(benchmark, items, "mikrodb"));
        Double other = first(jmh(benchmark, items, peer));
        if (mikro == null || other == null) {
            return null;
        }
        return timed(benchmark, items) ? other / mikro : mikro / other;
    }

    /** Whether MikroDB's score of this benchmark is a time per operation (lower is better), by its JMH unit. */
    private boolean timed(String benchmark, String items) {
        String unit = units.get(jmh(benchmark, items, "mikrodb"));
        if (unit == null) {
            throw new IllegalArgumentException("no unit for " + jmh(benchmark, items, "mikrodb"));
        }
        return !BenchMain.higherIsBetter(unit);
    }

    private Line ingest() {
        String workload = "bulk ingest of 1,000,000 items";
        Double ms = first(jmh("ingest", "1000000", "mikrodb"));
        Double vsRocks = ratio("ingest", "1000000", "rocksdb");
        if (ms == null) {
            return missing(workload, "1M items/s or more");
        }
        double perSecond = 1e6 / (ms / 1000);
        return new Line(workload, String.format(Locale.ROOT, "%.2fM items/s (%s ms)%s", perSecond / 1e6, fmt(ms),
                vsRocks == null ? "" : String.format(Locale.ROOT, ", %.2fx RocksDB", vsRocks)),
                "1M items/s or more", Verdict.of(perSecond >= 1e6));
    }

    private Line writeCost() {
        String workload = "write cost, 100,000 items against 1,000";
        Double large = first(jmh("write", "100000", "mikrodb"));
        Double small = first(jmh("write", "1000", "mikrodb"));
        if (large == null || small == null) {
            return missing(workload, "at least 0.8x");
        }
        StringBuilder peers = new StringBuilder();
        for (String peer : List.of("rocksdb", "h2mvstore", "sqlite")) {
            Double peerLarge = first(jmh("write", "100000", peer));
            Double peerSmall = first(jmh("write", "1000", peer));
            if (peerLarge != null && peerSmall != null) {
                peers.append(peers.length() == 0 ? "; the peers' own: " : ", ").append(String.format(Locale.ROOT,
                        "%s %.2fx", peerName(peer), peerLarge / peerSmall));
            }
        }
        return new Line(workload, String.format(Locale.ROOT, "%s against %s writes/s: **%.2fx**%s", fmt(large),
                fmt(small), large / small, peers), "at least 0.8x", Verdict.of(large / small >= 0.8));
    }

    private Line coldOpen() {
        String workload = "cold open and first get, 100,000 items";
        String goal = "at least 1x H2 MVStore and RocksDB";
        Double mvstore = ratio("coldOpenAndGet", "100000", "h2mvstore");
        Double rocks = ratio("coldOpenAndGet", "100000", "rocksdb");
        Double sqlite = ratio("coldOpenAndGet", "100000", "sqlite");
        if (mvstore == null || rocks == null) {
            return missing(workload, goal);
        }
        return new Line(workload, String.format(Locale.ROOT, "%s ms: **%.2fx** H2 MVStore, **%.2fx** RocksDB%s",
                fmt(first(jmh("coldOpenAndGet", "100000", "mikrodb"))), mvstore, rocks,
                sqlite == null ? "" : String.format(Locale.ROOT, " (%.2fx SQLite)", sqlite)),
                goal, Verdict.of(mvstore >= 1 && rocks >= 1));
    }

    private Line syncWriters() {
        String workload = "sync durability, 16 concurrent writers";
        String goal = "at least 20k writes/s over HTTP";
        List<Double> http = all("http|sync-write");
        if (http.isEmpty()) {
            return missing(workload, goal);
        }
        StringJoiner embedded = new StringJoiner(", ", "; embedded: ", "").setEmptyValue("");
        for (String engine : List.of("mikrodb", "rocksdb", "sqlite")) {
            Double rate = first("sync16|" + engine);
            if (rate != null) {
                embedded.add(peerName(engine) + " " + fmt(rate));
            }
        }
        double mean = mean(http);
        return new Line(workload, String.format(Locale.ROOT, "over HTTP %s writes/s (rounds %s)%s", fmt(mean),
                list(http), embedded),
                goal, Verdict.of(mean >= 20_000));
    }

    /** Round by round against nginx serving a static file in the same round; the verdict is on their mean. */
    private Line againstNginx(String workload, String key, double target) {
        String goal = String.format(Locale.ROOT, "at least %sx nginx static", trim(target));
        List<Double> nginx = all("http|nginx");
        List<Double> mikro = all(key);
        int rounds = Math.min(nginx.size(), mikro.size());
        if (rounds == 0) {
            return missing(workload, goal);
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            ratios.add(mikro.get(i) / nginx.get(i));
        }
        double mean = mean(ratios);
        return new Line(workload, String.format(Locale.ROOT, "%s against %s req/s: **%.2fx** (rounds %s)",
                fmt(mean(mikro.subList(0, rounds))), fmt(mean(nginx.subList(0, rounds))), mean, list(ratios)),
                goal, Verdict.of(mean >= target));
    }

    /**
     * Each workload's share of what wrk reaches on the same routes: ops/s times the time wrk takes for the gets and
     * writes one operation sends (mean of wrk's rounds), so 1 means as many requests per second as wrk's mix.
     */
    private Line remoteYcsb() {
        String workload = "remote YCSB through the typed client (A-D, F)";
        String goal = "at least 0.5x wrk on the same routes";
        double gets = mean(all("http|get"));
        double writes = mean(all("http|write"));
        if (Double.isNaN(gets) || Double.isNaN(writes)) {
            return missing(workload, goal); // no wrk figures to compare with
        }
        StringJoiner each = new StringJoiner(", ");
        boolean met = true;
        int measured = 0;
        for (String w : List.of("a", "b", "c", "d", "f")) {
            Double ops = first("ycsb-remote|" + w);
            if (ops == null) {
                continue;
            }
            double[] requests = YCSB_REQUESTS.get(w);
            double share = ops * (requests[0] / gets + requests[1] / writes);
            each.add(String.format(Locale.ROOT, "%s %s ops/s **%.2fx**", w.toUpperCase(Locale.ROOT), fmt(ops), share));
            met &= share >= 0.5;
            measured++;
        }
        return measured == 0 ? missing(workload, goal)
                : new Line(workload, each.toString(), goal, measured == 5 ? Verdict.of(met) : Verdict.NOT_MEASURED);
    }

    private Line start() {
        String workload = "JVM start to first answer (`bin/mikrodb get`)";
        List<Double> runs = all("start");
        if (runs.isEmpty()) {
            return missing(workload, "at most 0.3 s");
        }
        double median = median(runs);
        List<Double> jvm = all("start|java-version");
        String floor = jvm.isEmpty() ? "" : String.format(Locale.ROOT, "; `java -version` alone %.2f s", median(jvm));
        return new Line(workload, String.format(Locale.ROOT, "median %.2f s of %d runs (%.2f-%.2f s)%s", median,
                runs.size(), Collections.min(runs), Collections.max(runs), floor), "at most 0.3 s",
                Verdict.of(median <= 0.3));
    }

    /** The middle one of {@code values}, sorted (a copy; the figures keep their order). */
    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String list(List<Double> values) {
        StringJoiner j = new StringJoiner(", ");
        for (double v : values) {
            j.add(v >= 100 ? fmt(v) : String.format(Locale.ROOT, "%.2f", v));
        }
        return j.toString();
    }

    private static String fmt(Double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String trim(double target) {
        return target == Math.rint(target) ? String.valueOf((long) target) : String.valueOf(target);
    }
}
