package dev.mikrodb.bench.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.bench.BenchJson;
import dev.mikrodb.bench.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The document workloads against MikroDB's document API, its key-value API, Nitrite and SQLite (JSON1), in the same
 * run: find by equality on an unindexed field, update_one with $inc, insert_many of 1,000 documents.
 */
public class DocumentBenchmark {
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"mikrodb", "mikrodb-kv", "nitrite", "sqlite"})
        public String engine;

        @Param({"10000"})
        public int items;

        DocEngine store;
        Path dir;

        @Setup(Level.Trial)
        public void load() throws Exception {
            dir = Files.createTempDirectory("mikrodb-docbench-" + engine);
            store = switch (engine) {
                case "mikrodb" -> new MikroDocEngine();
                case "mikrodb-kv" -> new MikroKeyValueEngine();
                case "nitrite" -> new NitriteDocEngine();
                case "sqlite" -> new SqliteDocEngine();
                default -> throw new IllegalArgumentException(engine);
            };
            store.open(dir);
            for (int from = 0; from < items; from += 1_000) {
                store.insertMany(docs(from, Math.min(1_000, items - from)));
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            store.close();
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * For {@code insertMany1000}: the same collection of {@code items} documents, but it never grows past
     * {@code items} + {@link #MAX_GROWTH} (it is made again, outside the measurement, when it would), and each batch is
     * generated outside the measurement. Before, the collection grew for the whole run, so each engine was measured on
     * a different size (the faster, the larger) and MikroDB, which keeps a collection in memory, held millions of
     * documents and ran out of a 4 GiB heap; half of the measured time was generating the documents.
     */
    @State(Scope.Benchmark)
    public static class GrowingStore extends Store {
        static final int MAX_GROWTH = 100_000;

        /** Documents inserted since the collection was (re)made with its first {@code items}. */
        int inserted;
        List<JsonNode> batch;

        @Setup(Level.Invocation)
        public void nextBatch() throws Exception {
            if (inserted >= MAX_GROWTH) {
                close();
                load(); // a new directory: the ids start again after the first items
                inserted = 0;
            }
            batch = docs(items + inserted, 1_000);
            inserted += 1_000;
        }
    }

    /** The benchmark data set's documents, with their key as {@code _id}. */
    static List<JsonNode> docs(long from, int count) {
        List<JsonNode> docs = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            ObjectNode d = BenchJson.object();
            d.put("_id", Dataset.key((int) i));
            d.setAll((ObjectNode) BenchJson.parse(Dataset.value((int) i, 0)));
            docs.add(d);
        }
        return docs;
    }

    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(42);
    }

    /** About a fifth of the documents match; no index. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void findByEquality(Store s, Blackhole bh) throws Exception {
        bh.consume(s.store.findByCountry("DE"));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void updateOneInc(Store s, Cursor c) throws Exception {
        s.store.incrementRevision(Dataset.key(c.random.nextInt(s.items)));
    }

    /** 1,000 new documents per operation, one atomic batch where the engine has one. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void insertMany1000(GrowingStore s) throws Exception {
        s.store.insertMany(s.batch);
    }
}
