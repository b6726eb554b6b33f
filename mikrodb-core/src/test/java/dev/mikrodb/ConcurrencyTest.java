package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimistic concurrency: many threads incrementing the same keys with expectedVersion lose nothing. */
class ConcurrencyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void compareAndSetIncrementsNeverLoseAnUpdateOrRepeatAVersion(Durability durability) throws Exception {
        int threads = 8;
        int incrementsPerThread = 150;
        int keys = 3;
        Map<String, Set<Long>> versionsSeen = new ConcurrentHashMap<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).durability(durability)
                .maxWriteOpsBeforeFlush(50).walIntervalMillis(10).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < incrementsPerThread; i++) {
                        String key = "counter" + ((id + i) % keys);
                        while (true) {
                            var current = db.get("c", key);
                            long version = current.map(Item::version).orElse(0L);
                            long value = current.map(it -> it.value().asLong()).orElse(0L);
                            try {
                                long written = db.write(WriteRequest.builder("c", key).value(value + 1)
                                        .expectedVersion(version).build());
                                assertTrue(versionsSeen.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                                        .add(written), "version " + written + " of " + key + " handed out twice");
                                break;
                            } catch (VersionConflictException e) {
                                conflicts++;
                            }
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> f : futures) {
                f.get();
            }
            pool.shutdown();
            long total = 0;
            for (int k = 0; k < keys; k++) {
                Item item = db.get("c", "counter" + k).orElseThrow();
                assertEquals(item.version(), item.value().asLong(), "value and version advance together");
                assertEquals(item.version(), versionsSeen.get("counter" + k).size());
                total += item.value().asLong();
            }
            assertEquals(threads * incrementsPerThread, total);
        }
        try (MikroDB db = MikroDB.open(dir)) {
            long total = 0;
            for (int k = 0; k < keys; k++) {
                total += db.get("c", "counter" + k).orElseThrow().value().asLong();
            }
            assertEquals(threads * incrementsPerThread, total, "and it all survives a reopen");
        }
    }

    @Test
    void queriesNeverSeeHalfABatch() throws Exception {
        try (MikroDB db = MikroDB.open(dir)) {
            db.writeBatch(List.of(WriteRequest.of("pair", "a", 0), WriteRequest.of("pair", "b", 0)));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> writer = pool.submit(() -> {
                for (int i = 1; i <= 3000; i++) {
                    db.writeBatch(List.of(WriteRequest.of("pair", "a", i), WriteRequest.of("pair", "b", i)));
                }
            });
            int checks = 0;
            while (!writer.isDone()) {
                List<Item> items = db.getAll("pair");
                assertEquals(2, items.size());
                assertEquals(items.get(0).value().asLong(), items.get(1).value().asLong(), "torn batch visible");
                checks++;
            }
            writer.get();
            pool.shutdown();
            assertTrue(checks > 0);
        }
    }

    /**
     * A reader loading a table from its files while another thread drops it must not put the dropped table back in
     * the cache: a write after the drop starts the key again at version 1, and nothing of the old table survives a
     * reopen. The torture harness found this race.
     */
    @Test
    void aDropDuringAConcurrentLoadStaysDropped() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).maxLoadedTables(1).build();
        try (MikroDB db = MikroDB.open(options, files)) {
            db.write(WriteRequest.builder("old", "k").value(1).build());
            db.write(WriteRequest.builder("old", "other").value(1).build());
            db.write(WriteRequest.builder("evictor", "k").value(1).build()); // evicts "old" (one table loaded)
            var entered = new java.util.concurrent.CountDownLatch(1);
            var gate = new java.util.concurrent.CountDownLatch(1);
            files.holdReads(entered, gate, p -> p.getFileName().toString().startsWith("old"));
            Thread reader = new Thread(() -> db.tableSize("old")); // loads the table (a get would read its files)
            reader.start();
            entered.await(); // the reader is inside the load, its bytes read
            Thread dropper = new Thread(() -> db.deleteTable("old"));
            dropper.start();
            // Wait until the drop is blocked behind the load or has finished: either way it ran against the load.
            while (dropper.getState() != Thread.State.WAITING && dropper.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            gate.countDown();
            reader.join();
            dropper.join();
            assertTrue(db.get("old", "other").isEmpty(), "the dropped table came back");
            assertEquals(1, db.write(WriteRequest.builder("old", "k").value(2).build()));
        }
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build())) {
            assertTrue(db.get("old", "other").isEmpty());
            assertEquals(1, db.get("old", "k").orElseThrow().version());
        }
    }
}
