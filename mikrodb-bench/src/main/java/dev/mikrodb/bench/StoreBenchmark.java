package dev.mikrodb.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Point operations and queries, the same calls against every engine. */
public class StoreBenchmark {
    /** Each benchmark thread walks its own random keys. */
    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(42);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object get(StoreState s, Cursor c) throws Exception {
        return s.store.get(s.keys[c.random.nextInt(s.items)]);
    }

    /** Overwrites a random existing key: cost must not depend on {@code items}. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void write(StoreState s, Cursor c) throws Exception {
        int i = c.random.nextInt(s.items);
        s.store.put(s.keys[i], s.values[i], s.trees[i]);
    }

    /** One atomic batch of 100 writes per operation. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void batchWrite100(StoreState s, Cursor c) throws Exception {
        StoreState.Batch b = s.batch(c.random.nextInt(s.items), 100);
        s.store.putBatch(b.keys(), b.values(), b.trees());
    }

    /** Deletes a key and writes it back, so the table keeps its size: two operations. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void deleteAndRewrite(StoreState s, Cursor c) throws Exception {
        int i = c.random.nextInt(s.items);
        s.store.delete(s.keys[i]);
        s.store.put(s.keys[i], s.values[i], s.trees[i]);
    }

    /** Full scan with two conditions (age >= 40 and active), about 40% of the documents match. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void filterQuery(StoreState s, Blackhole bh) throws Exception {
        bh.consume(s.store.filter());
    }

    /** The same filter, results sorted by age. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void sortedQuery(StoreState s, Blackhole bh) throws Exception {
        bh.consume(s.store.filterSorted());
    }
}
