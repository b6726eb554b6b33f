package dev.mikrodb.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor under {@code StoreBenchmark.get} on this machine: a {@link ConcurrentHashMap} from the same keys to one
 * record each (an object of a stored record's size, beside its JSON bytes, allocated in the same order as a load
 * allocates them), read with the same random walk in the same JMH loop, and nothing else: no names checked, no
 * statistics, no item made. A store that keeps its records on the Java heap behind a hash map cannot answer a get
 * faster than this, so issue 12's absolute target for gets (5M/s per thread at 100,000 items) is read against it in
 * docs/benchmarks.md.
 */
@State(Scope.Benchmark)
public class MapFloorBenchmark {
    /** What a get must read to answer: the record's fields (the value stays unparsed, as MikroDB's get leaves it). */
    static final class Held {
        final String key;
        final byte[] json;
        final long version;
        final long timestamp;
        final long expiration;
        final long createRevision;
        final long modRevision;

        Held(String key, byte[] json, long version) {
            this.key = key;
            this.json = json;
            this.version = version;
            this.timestamp = version;
            this.expiration = 0;
            this.createRevision = version;
            this.modRevision = version;
        }
    }

    /** The name this benchmark's scores carry in the report and figures, beside the real engines. */
    static final String ENGINE = "map-floor";

    @Param({"1000", "100000"})
    public int items;

    /** One value: {@code BenchMain} files the scores under it, where a store's get files its engine's name. */
    @Param({ENGINE})
    public String engine;

    private String[] keys;
    private ConcurrentHashMap<String, Held> map;

    @Setup
    public void load() {
        keys = new String[items];
        map = new ConcurrentHashMap<>();
        for (int i = 0; i < items; i++) {
            keys[i] = Dataset.key(i);
            map.put(keys[i], new Held(keys[i], Dataset.value(i, 1), i + 1));
        }
    }

    /** A lookup and a read of the record found (its version), which any answer to a get needs. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long get(StoreBenchmark.Cursor c) { // the same random walk, from the same seed
        return map.get(keys[c.random.nextInt(items)]).version;
    }
}
