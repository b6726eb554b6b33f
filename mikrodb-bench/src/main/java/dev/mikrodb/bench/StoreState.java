package dev.mikrodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One engine, loaded with {@code items} documents in a fresh directory, for the length of a trial. */
@State(Scope.Benchmark)
public class StoreState {
    @Param({"mikrodb", "h2mvstore", "sqlite", "rocksdb"})
    public String engine;

    @Param({"10000"})
    public int items;

    /** "os" (survives a killed process) or "sync" (fsync per commit); see {@link Engine#open}. */
    @Param({"os"})
    public String durability;

    Engine store;
    Path dir;
    String[] keys;
    byte[][] values;
    JsonNode[] trees;

    @Setup(Level.Trial)
    public void load() throws Exception {
        keys = new String[items];
        values = new byte[items][];
        trees = new JsonNode[items];
        for (int i = 0; i < items; i++) {
            keys[i] = Dataset.key(i);
            values[i] = Dataset.value(i, 1);
            trees[i] = BenchJson.parse(values[i]);
        }
        dir = Files.createTempDirectory("mikrodb-bench-" + engine);
        store = Engine.create(engine);
        store.open(dir, false);
        for (int from = 0; from < items; from += 1000) {
            int to = Math.min(items, from + 1000);
            store.putBatch(List.of(keys).subList(from, to), List.of(values).subList(from, to),
                    List.of(trees).subList(from, to));
        }
        store.checkpoint();
        if (durability.equals("sync")) { // reopen with the durability under test
            store.close();
            store = Engine.create(engine);
            store.open(dir, true);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Keys, JSON bytes and trees of the same documents. */
    record Batch(List<String> keys, List<byte[]> values, List<JsonNode> trees) {
    }

    /** A batch of {@code size} consecutive documents starting at {@code from}, wrapping around. */
    Batch batch(int from, int size) {
        List<String> k = new ArrayList<>(size);
        List<byte[]> v = new ArrayList<>(size);
        List<JsonNode> t = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int n = (from + i) % items;
            k.add(keys[n]);
            v.add(values[n]);
            t.add(trees[n]);
        }
        return new Batch(k, v, t);
    }
}
