package dev.mikrodb.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 12's group-commit row: 16 threads doing single writes with fsync before each acknowledgement (MikroDB
 * {@code sync}, SQLite {@code synchronous=FULL}, RocksDB {@code WriteOptions.sync}, H2 MVStore commit + sync), each
 * engine in turn for a few seconds, in one run, each after a warm-up of the same length (the same writes, not
 * counted): without it the JVM compiled MikroDB's write path during its measurement, which put a cold MikroDB at
 * 12-13k writes/s and a warm one at 26-30k in the same probe, while RocksDB's native path needs no warming. SQLite's
 * adapter serializes calls on its one JDBC connection, as an application sharing one handle would; MVStore's commits
 * run concurrently (this harness used to serialize them too, which held MVStore at 2.5k writes/s against 12k
 * without the lock). {@code java -cp benchmarks.jar dev.mikrodb.bench.SyncWriters [threads] [seconds]
 * [engines...]}.
 */
public final class SyncWriters {
    private SyncWriters() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        String[] engines = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length)
                : new String[] {"mikrodb", "sqlite", "rocksdb", "h2mvstore"};
        for (String name : engines) {
            Path dir = Files.createTempDirectory("mikrodb-sync-" + name);
            Engine engine = Engine.create(name);
            try {
                engine.open(dir, true);
                run(engine, threads, seconds); // warm-up
                double rate = run(engine, threads, seconds);
                System.out.printf("%-44s %2d threads: %8.0f writes/s%n", engine.describe(true), threads, rate);
            } finally {
                engine.close();
                StoreState.deleteTree(dir);
            }
        }
    }

    private static double run(Engine engine, int threads, double seconds) throws Exception {
        long started = System.nanoTime();
        long writes = Workers.repeatFor("sync-writer", threads, seconds, (worker, i) -> {
            int n = worker * 1_000_000 + (int) (i % 10_000);
            byte[] value = Dataset.value(n, 1);
            engine.put(Dataset.key(n), value, BenchJson.parse(value));
        });
        return writes / ((System.nanoTime() - started) / 1e9);
    }
}
