package dev.mikrodb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Bulk ingest (issue 12's row): {@code items} new items written in atomic batches of {@code batch} into an empty
 * database, each batch reaching the OS before the next (os durability). One shot is the whole ingest; items per
 * second is {@code items} divided by its time. Opening and closing (MikroDB's final checkpoint, RocksDB's memtable
 * flush) are outside the timing, for every engine alike.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class IngestBenchmark {
    @Param({"mikrodb", "h2mvstore", "sqlite", "rocksdb"})
    public String engine;

    @Param({"1000000"})
    public int items;

    @Param({"1000"})
    public int batch;

    private final List<List<String>> keys = new ArrayList<>();
    private final List<List<byte[]>> values = new ArrayList<>();
    private Engine store;
    private Path dir;

    /** The same keys and JSON bytes for every engine, made once. */
    @Setup(Level.Trial)
    public void prepare() {
        for (int from = 0; from < items; from += batch) {
            List<String> k = new ArrayList<>(batch);
            List<byte[]> v = new ArrayList<>(batch);
            for (int i = from; i < Math.min(items, from + batch); i++) {
                k.add(Dataset.key(i));
                v.add(Dataset.value(i, 1));
            }
            keys.add(k);
            values.add(v);
        }
    }

    @Setup(Level.Invocation)
    public void openEmpty() throws Exception {
        dir = Files.createTempDirectory("mikrodb-ingest-" + engine);
        store = Engine.create(engine);
        store.open(dir, false);
    }

    @Benchmark
    public void ingest() throws Exception {
        for (int b = 0; b < keys.size(); b++) {
            store.putBatch(keys.get(b), values.get(b), null); // every engine here stores the bytes
        }
    }

    @TearDown(Level.Invocation)
    public void closeAndDelete() throws Exception {
        store.close();
        StoreState.deleteTree(dir);
    }
}
