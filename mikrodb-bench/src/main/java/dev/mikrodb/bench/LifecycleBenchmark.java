package dev.mikrodb.bench;

import dev.mikrodb.Durability;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.WriteRequest;
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

/** Opening a large table cold, replaying a WAL after a crash, and checkpointing a dirty table. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LifecycleBenchmark {
    /** A closed database of {@code items} documents on disk, per engine. */
    @State(Scope.Benchmark)
    public static class OnDisk {
        @Param({"mikrodb", "h2mvstore", "sqlite", "rocksdb"})
        public String engine;

        @Param({"100000"})
        public int items;

        Path dir;

        @Setup(Level.Trial)
        public void create() throws Exception {
            StoreStateLoader.createClosed(engine, items, dir = Files.createTempDirectory("mikrodb-open-" + engine));
        }

        @TearDown(Level.Trial)
        public void delete() throws Exception {
            StoreState.deleteTree(dir);
        }
    }

    /** Open the database and read one key: a cold start. */
    @Benchmark
    public Object coldOpenAndGet(OnDisk d) throws Exception {
        try (Engine e = Engine.create(d.engine)) {
            e.open(d.dir, false);
            return e.get(Dataset.key(d.items / 2));
        }
    }

    /** A MikroDB directory as a SIGKILL leaves it: {@code items} acknowledged writes in the WAL, no checkpoint. */
    @State(Scope.Benchmark)
    public static class Crashed {
        @Param({"100000"})
        public int items;

        Path image;
        Path copy;

        @Setup(Level.Trial)
        public void create() throws Exception {
            Path live = Files.createTempDirectory("mikrodb-crash-live");
            image = Files.createTempDirectory("mikrodb-crash-image");
            try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).durability(Durability.OS)
                    .walIntervalMillis(3_600_000).maxWriteOpsBeforeFlush(Integer.MAX_VALUE)
                    .maxWalBytes(Long.MAX_VALUE).build())) {
                for (int i = 0; i < items; i++) {
                    db.write(WriteRequest.of("users", Dataset.key(i), BenchJson.parse(Dataset.value(i, 1))));
                }
                try (var files = Files.list(live)) { // copy while open: the state a kill would leave
                    for (Path p : files.toList()) {
                        if (!p.getFileName().toString().equals("LOCK")) {
                            Files.copy(p, image.resolve(p.getFileName()));
                        }
                    }
                }
            }
            StoreState.deleteTree(live);
        }

        @Setup(Level.Invocation)
        public void freshCopy() throws Exception {
            copy = Files.createTempDirectory("mikrodb-crash-copy");
            try (var files = Files.list(image)) {
                for (Path p : files.toList()) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
        }

        @TearDown(Level.Invocation)
        public void deleteCopy() throws Exception {
            StoreState.deleteTree(copy);
        }

        @TearDown(Level.Trial)
        public void deleteImage() throws Exception {
            StoreState.deleteTree(image);
        }
    }

    /** Recovery: open replays every WAL record into the table and checkpoints it. */
    @Benchmark
    public long walReplay(Crashed c) {
        try (MikroDB db = MikroDB.open(c.copy)) {
            return db.tableSize("users");
        }
    }

    /** A loaded table with {@code changed} of its items rewritten since the last checkpoint. */
    @State(Scope.Benchmark)
    public static class Dirty {
        @Param({"mikrodb", "h2mvstore", "sqlite", "rocksdb"})
        public String engine;

        @Param({"100000"})
        public int items;

        /** All of them, or 1,000 (issue 12's row: the cost should follow what changed). */
        @Param({"100000", "1000"})
        public int changed;

        Engine store;
        Path dir;
        int revision = 1;

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("mikrodb-dirty-" + engine);
            store = Engine.create(engine);
            store.open(dir, false);
        }

        @Setup(Level.Invocation)
        public void dirty() throws Exception {
            revision++;
            if (revision == 2) { // the first invocation: the whole table, so that every engine holds all of it
                for (int from = 0; from < items; from += 1000) {
                    write(from, Math.min(items, from + 1000));
                }
                store.checkpoint();
                revision++;
            }
            for (int from = 0; from < changed; from += 1000) {
                write(from, Math.min(changed, from + 1000));
            }
        }

        private void write(int from, int to) throws Exception {
            List<String> k = new ArrayList<>();
            List<byte[]> v = new ArrayList<>();
            List<com.fasterxml.jackson.databind.JsonNode> t = new ArrayList<>();
            for (int i = from; i < to; i++) {
                k.add(Dataset.key(i));
                byte[] value = Dataset.value(i, revision);
                v.add(value);
                t.add(BenchJson.parse(value));
            }
            store.putBatch(k, v, t);
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            store.close();
            StoreState.deleteTree(dir);
        }
    }

    /** Checkpoint: make the whole dirty table durable in the engine's main files. */
    @Benchmark
    public void checkpoint(Dirty d) throws Exception {
        d.store.checkpoint();
    }
}
