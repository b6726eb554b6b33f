package dev.mikrodb.bench;

import dev.mikrodb.IndexSpec;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Query;
import dev.mikrodb.WriteRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Indexes and ordered keys on a large table: equality and range lookups through an index against a scan, a page of
 * the key listing, and the cost of writes with three indexes against none.
 */
public class IndexBenchmark {
    @State(Scope.Benchmark)
    public static class Table {
        @Param({"1000000"})
        public int items;

        /** "indexed": a unique index on id, indexes on city and score; "plain": none. */
        @Param({"indexed", "plain"})
        public String indexes;

        MikroDB db;
        Path dir;

        @Setup(Level.Trial)
        public void load() throws Exception {
            dir = Files.createTempDirectory("mikrodb-indexbench");
            db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxCacheBytes(8L << 30).build());
            for (int from = 0; from < items; from += 5_000) {
                List<WriteRequest> batch = new ArrayList<>(5_000);
                for (int i = from; i < Math.min(items, from + 5_000); i++) {
                    batch.add(WriteRequest.of("t", Dataset.key(i), Map.of("id", i, "city", "c" + (i % 1000),
                            "score", i % 100_000, "pad", "x".repeat(40))));
                }
                db.writeBatch(batch);
            }
            if (indexes.equals("indexed")) {
                db.createIndex("t", IndexSpec.on("id").asUnique());
                db.createIndex("t", IndexSpec.on("city"));
                db.createIndex("t", IndexSpec.on("score"));
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            db.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(11);
    }

    /** {@code {"id": N}}: one item through the unique index (or a scan of every item without it). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object equalityLookup(Table t, Cursor c) {
        return t.db.query("t", Query.builder().filter("{\"id\": " + c.random.nextInt(t.items) + "}").build());
    }

    /** {@code score} between N and N+99 at every 10,000th: 100 items from the table. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object range100(Table t, Cursor c) {
        int low = c.random.nextInt(99_900);
        Query q = Query.builder().filter("{\"score\": {\"operator\": \"between\", \"value\": [" + low + ", "
                + (low + 9) + "]}}").build();
        return t.db.query("t", q);
    }

    /** {@code in} with 100 values through the index. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object in100(Table t, Cursor c) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            values.append(i == 0 ? "" : ",").append(c.random.nextInt(t.items));
        }
        return t.db.query("t", Query.builder().filter("{\"id\": {\"operator\": \"in\", \"value\": [" + values
                + "]}}").build());
    }

    /** A 1,000-key page of the ordered listing, from a random start. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public KeyList listPage(Table t, Cursor c) {
        return t.db.list("t", new ListOptions(null, Dataset.key(c.random.nextInt(t.items)), null, 1000, null, false));
    }

    /** Overwrites an item (its indexed fields change), maintaining every index. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long write(Table t, Cursor c) {
        int i = c.random.nextInt(t.items);
        return t.db.write("t", Dataset.key(i), Map.of("id", i, "city", "c" + c.random.nextInt(1000),
                "score", c.random.nextInt(100_000), "pad", "x".repeat(40)));
    }

}
