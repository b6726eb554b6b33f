package dev.mikrodb.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The quick profile: every benchmark against every peer in one run, then memory and HTTP load, printed as a markdown
 * table with the ratio MikroDB / peer (above 1: MikroDB is faster). {@code --out FILE} also writes the report there;
 * {@code --figures FILE} appends every score to FILE as {@link Targets} reads them ({@code bin/bench} does).
 */
public final class BenchMain {
    private static final List<String> ENGINES = List.of("mikrodb", "h2mvstore", "sqlite", "rocksdb");

    /** One row: a benchmark at a size and durability, with each engine's score. */
    record Row(String benchmark, String items, String durability, String unit, boolean higherIsBetter,
                       Map<String, double[]> scores) {
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path figures = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].equals("--figures") && i + 1 < args.length) {
                figures = Path.of(args[++i]);
            } else {
                // A JMH option here (as in `java -jar benchmarks.jar X -p ...`) would otherwise start the whole
                // half-hour profile with the option silently ignored.
                System.err.println("unknown argument: " + args[i] + " (this runs the quick profile and takes --out FILE"
                        + " and --figures FILE; for chosen benchmarks and JMH options, run"
                        + " java -cp benchmarks.jar org.openjdk.jmh.Main ...)");
                System.exit(2);
            }
        }
        List<Row> rows = new ArrayList<>();
        String store = StoreBenchmark.class.getName();
        String life = LifecycleBenchmark.class.getName();
        // Eight 1 s iterations per point: with three, JMH's 99.9% interval (Student's t at 2 degrees of freedom,
        // 31.6 standard errors) was wider than most scores; at 7 degrees of freedom it is 5.4. Six warm-ups: after
        // two, MikroDB's single writes still ran 119-163k/s in the first three measured seconds and 204-208k/s from
        // the fourth on (the JIT at work on 2 shared cores), an error of 40-86% of the score; RocksDB's native path
        // needs no warming, so the short warm-up understated MikroDB only.
        int w = 6;
        int n = 8;
        rows.addAll(run(store + ".(get|write|batchWrite100|deleteAndRewrite)$", Map.of("items", "10000"), w, n));
        rows.addAll(run(store + ".get$", Map.of("engine", "mikrodb", "items", "1000,100000"), w, n));
        // Every engine's writes at 1,000 and 100,000 items, so the write-cost row shows what a table past the caches
        // costs each of them (on 2026-12-07: RocksDB 0.67x, H2 MVStore 0.66x, SQLite 0.47x, MikroDB 0.47x).
        rows.addAll(run(store + ".write$", Map.of("items", "1000,100000"), w, n));
        rows.addAll(run(store + ".write$", Map.of("items", "10000", "durability", "sync"), w, n));
        // What any store keeping records on the heap behind a hash map could reach in the same loop: the get rows'
        // absolute target (5M/s at 100,000 items) is read against it.
        rows.addAll(run(MapFloorBenchmark.class.getName() + ".get$", Map.of("items", "100000"), w, n));
        // Queries take 12-50 ms a call: two 1 s warm-ups left the first measured iterations at 4x the steady time
        // (51, 68, 26, then 12 ms) and the error above the score; eight bring them to the steady state.
        rows.addAll(run(store + ".(filterQuery|sortedQuery)$", Map.of("items", "10000,100000"), 8, n));
        // Single-shot rows: one shot per iteration, so many iterations keep JMH's error below the score.
        rows.addAll(run(life + ".coldOpenAndGet$", Map.of(), 100, 100));
        rows.addAll(run(life + ".walReplay$", Map.of(), 2, 10));
        rows.addAll(run(life + ".checkpoint$", Map.of("changed", "100000"), 2, 10));
        // A few of these shots carry a delta merge or a base rewrite (by design, see benchmarks.md): with 50 shots one
        // such outlier gave an error larger than the score; 200 shots of 5-25 ms keep the row under half a minute.
        // 400 warm-ups: a checkpoint runs its file-system calls once or a few times, so the JIT reaches them late;
        // MikroDB's shots took 1.6-1.8 ms through the 250th and 1.1-1.2 ms after it, SQLite's 0.9-1.3 ms from the
        // 100th on (a probe of 400 checkpoints, means of 50; "Thirty-third pass").
        rows.addAll(run(life + ".checkpoint$", Map.of("changed", "1000"), 400, 200));
        // Shots of 1-5 s whose spread is the collector's and the background checkpoints': ten keep the error in reach.
        rows.addAll(run(IngestBenchmark.class.getName() + ".ingest$", Map.of(), 2, 10));
        List<Row> documents = run(dev.mikrodb.bench.documents.DocumentBenchmark.class.getName()
                + ".(findByEquality|updateOneInc|insertMany1000)$", Map.of(), w, n);

        System.err.println("measuring memory and HTTP load...");
        MemoryFootprint.Result memory = MemoryFootprint.measure(100_000);
        List<HttpLoad.Result> http = HttpLoad.run(10_000, 8, 5);

        String report = report(rows, memory, http) + documentReport(documents);
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
        if (figures != null) {
            List<Row> all = new ArrayList<>(rows);
            all.addAll(documents);
            Files.writeString(figures, figures(all, memory), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * Every score as a {@link Targets} figure: {@code jmh|benchmark|items|durability|engine}, score, error and JMH's
     * unit, which tells {@link Targets} whether higher is better the way it tells {@link #report} here.
     */
    static String figures(List<Row> rows, MemoryFootprint.Result memory) {
        StringBuilder o = new StringBuilder();
        for (Row r : rows) {
            r.scores().forEach((engine, s) -> o.append(String.join("|", "jmh", r.benchmark(), r.items(),
                    r.durability(), engine)).append('\t').append(s[0]).append('\t').append(s[1]).append('\t')
                    .append(r.unit()).append('\n'));
        }
        o.append("memory|queried\t").append(memory.queriedBytesPerItem() / memory.rawJsonBytesPerItem())
                .append("\tNaN\tx\n");
        return o.toString();
    }

    /**
     * Every engine's forks run on a fixed heap touched before the benchmark starts, as a long-running server's is. On
     * a heap still growing, each 4 KiB page the JVM allocates into for the first time costs a page fault (about 11 µs
     * in this virtual machine: touching 4 GB takes 11.8 s), and a fork's measured seconds were mostly eden's first
     * pass: gets at 100,000 items ran 1.55-1.69M/s in one fork until the first collection and 2.57-3.19M/s after
     * it, and a 1,000,000-item ingest spent half its time there. Transparent huge pages (where the kernel offers
     * them) make the touching take 1.5 s instead of 11.8 s. See docs/benchmarks.md, "Eighteenth pass".
     */
    static final String[] FORK_JVM_ARGS = Stream.concat(
            Stream.of("-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"),
            hugePagesOffered() ? Stream.of("-XX:+UseTransparentHugePages") : Stream.empty()).toArray(String[]::new);

    /**
     * Whether the kernel gives huge pages to memory that asks for them ({@code madvise} or {@code always}). Where it
     * does not, the option must stay off: a Linux JVM would print a warning into every fork's output, and the JVMs of
     * other systems do not know the option and refuse to start.
     */
    private static boolean hugePagesOffered() {
        try {
            String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return mode.contains("[madvise]") || mode.contains("[always]");
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or a kernel without transparent huge pages
        }
    }

    private static List<Row> run(String include, Map<String, String> params, int warmups, int iterations)
            throws Exception {
        ChainedOptionsBuilder b = new OptionsBuilder().include(include).forks(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(FORK_JVM_ARGS).shouldFailOnError(true);
        params.forEach((k, v) -> b.param(k, v.split(",")));
        Collection<RunResult> results = new Runner(b.build()).run();
        Map<String, Row> rows = new LinkedHashMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            String items = p.getParam("items") + (p.getParam("changed") == null ? ""
                    : ", " + p.getParam("changed") + " changed");
            String durability = p.getParam("durability") == null ? "os" : p.getParam("durability");
            String engine = p.getParam("engine") == null ? "mikrodb" : p.getParam("engine");
            var score = r.getPrimaryResult();
            boolean throughput = higherIsBetter(score.getScoreUnit());
            Row row = rows.computeIfAbsent(method + "|" + items + "|" + durability, k -> new Row(method, items,
                    durability, score.getScoreUnit(), throughput, new LinkedHashMap<>()));
            row.scores().put(engine, new double[] {score.getScore(), score.getScoreError()});
        }
        return new ArrayList<>(rows.values());
    }

    /** Each {@link MapFloorBenchmark} score, beside MikroDB's score for the same benchmark and size. */
    private static void floors(List<Row> rows, PrintStream o) {
        for (Row floor : rows) {
            double[] f = floor.scores().get(MapFloorBenchmark.ENGINE);
            if (f == null) {
                continue;
            }
            double[] mikro = rows.stream().filter(r -> r.benchmark().equals(floor.benchmark())
                    && r.items().equals(floor.items()) && r.scores().containsKey("mikrodb"))
                    .map(r -> r.scores().get("mikrodb")).findFirst().orElse(null);
            o.printf(Locale.ROOT, "Floor under `%s`, %s items: a bare ConcurrentHashMap read in the same JMH loop "
                    + "(MapFloorBenchmark) %s %s%s.%n%n", floor.benchmark(), floor.items(), fmt(f), floor.unit(),
                    mikro == null ? "" : String.format(Locale.ROOT, "; MikroDB %s, %.2fx of it", fmt(mikro),
                            mikro[0] / f[0]));
        }
    }

    /** Whether a score in JMH's {@code unit} is a rate (ops/s: higher is better) rather than a time (ms/op). */
    static boolean higherIsBetter(String unit) {
        return unit.contains("/s");
    }

    static String report(List<Row> rows, MemoryFootprint.Result memory, List<HttpLoad.Result> http)
            throws IOException {
        var text = new java.io.ByteArrayOutputStream();
        PrintStream o = new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8);
        o.println("Run " + ZonedDateTime.now().withNano(0) + " on " + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "; JMH forks run with "
                + String.join(" ", FORK_JVM_ARGS) + ".");
        o.println();
        o.println("Ratio = MikroDB speed / peer speed: above 1 MikroDB is faster, below 1 the peer is. "
                + "Scores are mean ± JMH's 99.9% error.");
        o.println();
        o.println("| benchmark | items | durability | unit | MikroDB | H2 MVStore | ratio | SQLite | ratio | RocksDB "
                + "| ratio |");
        o.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            double[] mikro = r.scores().get("mikrodb");
            if (mikro == null) {
                continue; // a floor row, printed below the table
            }
            StringBuilder line = new StringBuilder("| " + r.benchmark() + " | " + r.items() + " | " + r.durability()
                    + " | " + r.unit() + " | " + fmt(mikro));
            for (String peer : ENGINES.subList(1, ENGINES.size())) {
                double[] s = r.scores().get(peer);
                line.append(" | ").append(fmt(s)).append(" | ");
                if (s == null) {
                    line.append("n/a");
                } else {
                    double ratio = r.higherIsBetter() ? mikro[0] / s[0] : s[0] / mikro[0];
                    line.append(String.format(Locale.ROOT, "**%.2f**", ratio));
                }
            }
            o.println(line.append(" |"));
        }
        o.println();
        floors(rows, o);
        o.printf(Locale.ROOT, "Memory, %d items: raw JSON %.0f bytes/item; loaded table %.0f bytes/item (%.1fx); "
                        + "after a query %.0f bytes/item (%.1fx).%n",
                memory.items(), memory.rawJsonBytesPerItem(), memory.loadedBytesPerItem(),
                memory.loadedBytesPerItem() / memory.rawJsonBytesPerItem(), memory.queriedBytesPerItem(),
                memory.queriedBytesPerItem() / memory.rawJsonBytesPerItem());
        o.println();
        o.println("| HTTP load (server in a child JVM, loopback, keep-alive) | connections | requests/s | p50 µs | p99 µs | p99.9 µs | errors |");
        o.println("|---|---|---|---|---|---|---|");
        for (HttpLoad.Result h : http) {
            o.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %d |%n", h.name(), h.connections(),
                    h.perSecond(), h.p50Micros(), h.p99Micros(), h.p999Micros(), h.errors());
        }
        return text.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The document workloads: MikroDB's document API against its key-value API, Nitrite and SQLite (JSON1). */
    static String documentReport(List<Row> rows) {
        StringBuilder o = new StringBuilder("\n| document benchmark | items | unit | MikroDB documents | MikroDB key-value "
                + "| ratio | Nitrite (MVStore) | ratio | SQLite (JSON1) | ratio |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            double[] mikro = r.scores().get("mikrodb");
            o.append("| ").append(r.benchmark()).append(" | ").append(r.items()).append(" | ").append(r.unit())
                    .append(" | ").append(fmt(mikro));
            for (String peer : List.of("mikrodb-kv", "nitrite", "sqlite")) {
                double[] s = r.scores().get(peer);
                o.append(" | ").append(fmt(s)).append(" | ");
                if (s == null || mikro == null) {
                    o.append("n/a");
                } else {
                    double ratio = r.higherIsBetter() ? mikro[0] / s[0] : s[0] / mikro[0];
                    o.append(String.format(Locale.ROOT, "**%.2f**", ratio));
                }
            }
            o.append(" |\n");
        }
        return o.toString();
    }

    private static String fmt(double[] score) {
        if (score == null) {
            return "";
        }
        String value = score[0] >= 100 ? String.format(Locale.ROOT, "%,.0f", score[0])
                : String.format(Locale.ROOT, "%.3f", score[0]);
        String error = score[1] >= 100 ? String.format(Locale.ROOT, "%,.0f", score[1])
                : String.format(Locale.ROOT, "%.3f", score[1]);
        return Double.isNaN(score[1]) ? value : value + " ± " + error;
    }

}
