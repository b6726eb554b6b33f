package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random operations against the database and a deliberately simple in-memory model, with clean
 * reopens, simulated crashes (a copy of the live files) and checkpoints in between. Prints the seed on failure;
 * rerun with -Dmikrodb.test.seed=N.
 */
class ModelBasedTest {
    /** @param created which write call created the item: the order results without a sort come in */
    private record ModelItem(String json, long version, int created) {
    }

    @TempDir
    Path root;

    private final Map<String, TreeMap<String, ModelItem>> model = new TreeMap<>();
    private int dirNumber;
    /** Write calls made so far; the items one call creates share its number. */
    private int writeCalls;

    /**
     * Checkpoints happen only on this thread (explicit flushes, and evictions: with two loaded tables out of four
     * they are frequent), never in the background: a crash copy made file by file while a background checkpoint
     * runs would mix file states from different instants, an image no real crash can leave. Real kills during
     * background checkpoints are CrashTest's job.
     */
    private MikroOptions options(Path dir) {
        if (backgroundCheckpoints) {
            return MikroOptions.builder().databaseDirectory(dir).maxWriteOpsBeforeFlush(10).walIntervalMillis(5)
                    .maxLoadedTables(2).build();
        }
        return MikroOptions.builder().databaseDirectory(dir).maxWriteOpsBeforeFlush(1_000_000)
                .walIntervalMillis(60_000).maxLoadedTables(2).build();
    }

    private boolean backgroundCheckpoints;

    @Test
    void randomOperationsWithBackgroundCheckpointsAndReopensMatchTheModel() {
        backgroundCheckpoints = true;
        randomOperationsMatchTheModel();
    }

    @Test
    void randomOperationsMatchTheModel() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        try {
            run(seed, 6000);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("model test failed with seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void run(long seed, int operations) {
        Random random = new Random(seed);
        Path dir = root.resolve("db" + dirNumber++);
        MikroDB db = MikroDB.open(options(dir));
        String[] tables = {"a", "b", "c", "d"};
        try {
            for (int op = 0; op < operations; op++) {
                MikroDB store = db;
                String table = tables[random.nextInt(tables.length)];
                String key = "k" + random.nextInt(40);
                int choice = random.nextInt(100);
                if (choice < 40) {
                    String json = "{\"v\":" + random.nextInt(1000) + "}";
                    long version = db.write(WriteRequest.builder(table, key).jsonValue(json).build());
                    assertEquals(put(table, key, json, ++writeCalls), version);
                } else if (choice < 50) {
                    ModelItem current = model.getOrDefault(table, new TreeMap<>()).get(key);
                    long actual = current == null ? 0 : current.version();
                    long expected = random.nextBoolean() ? actual : actual + 1 + random.nextInt(3);
                    String json = "[" + op + "]";
                    if (expected == actual) {
                        db.write(WriteRequest.builder(table, key).jsonValue(json).expectedVersion(expected).build());
                        put(table, key, json, ++writeCalls);
                    } else {
                        VersionConflictException e = assertThrows(VersionConflictException.class, () -> store.write(
                                WriteRequest.builder(table, key).jsonValue(json).expectedVersion(expected).build()));
                        assertEquals(actual, e.currentVersion());
                    }
                } else if (choice < 60) {
                    List<WriteRequest> batch = new ArrayList<>();
                    int size = 1 + random.nextInt(4);
                    boolean conflict = random.nextInt(5) == 0;
                    for (int i = 0; i < size; i++) {
                        String t = tables[random.nextInt(tables.length)];
                        String k = "k" + random.nextInt(40);
                        batch.add(conflict && i == size - 1
                                ? WriteRequest.builder(t, k).value(i).expectedVersion(999).build()
                                : WriteRequest.of(t, k, i));
                    }
                    if (conflict) {
                        assertThrows(VersionConflictException.class, () -> store.writeBatch(batch));
                    } else {
                        List<Long> versions = db.writeBatch(batch);
                        int call = ++writeCalls;
                        for (int i = 0; i < size; i++) {
                            WriteRequest w = batch.get(i);
                            assertEquals(put(w.tableName(), w.key(), String.valueOf(i), call), versions.get(i));
                        }
                    }
                } else if (choice < 72) {
                    boolean existed = model.getOrDefault(table, new TreeMap<>()).remove(key) != null;
                    assertEquals(existed, db.delete(table, key));
                } else if (choice < 85) {
                    ModelItem expected = model.getOrDefault(table, new TreeMap<>()).get(key);
                    var actual = db.get(table, key);
                    assertEquals(expected == null, actual.isEmpty(), table + "/" + key);
                    if (expected != null) {
                        assertEquals(expected.json(), actual.get().valueJson());
                        assertEquals(expected.version(), actual.get().version());
                    }
                } else if (choice < 88) {
                    boolean existed = model.remove(table) != null;
                    assertEquals(existed, db.deleteTable(table), "deleteTable " + table);
                } else if (choice < 91) {
                    db.flush();
                } else if (choice < 94) {
                    db.close();
                    db = MikroDB.open(options(dir));
                    verifyAll(db);
                } else if (choice < 96 && !backgroundCheckpoints) {
                    Path crashed = root.resolve("db" + dirNumber++);
                    FaultInjectionTest.crashCopy(dir, crashed);
                    db.close();
                    dir = crashed;
                    db = MikroDB.open(options(dir));
                    verifyAll(db);
                } else {
                    verifyAll(db);
                }
            }
            verifyAll(db);
        } finally {
            db.close();
        }
    }

    private long put(String table, String key, String json, int call) {
        TreeMap<String, ModelItem> t = model.computeIfAbsent(table, k -> new TreeMap<>());
        ModelItem old = t.get(key);
        long version = old == null ? 1 : old.version() + 1;
        t.put(key, new ModelItem(json, version, old == null ? call : old.created()));
        return version;
    }

    private void verifyAll(MikroDB db) {
        List<String> modelTables = new ArrayList<>(model.keySet());
        assertEquals(modelTables, db.tables(), "tables");
        for (var entry : model.entrySet()) {
            Map<String, String> actual = new TreeMap<>();
            int lastCreated = 0;
            for (Item item : db.getAll(entry.getKey())) {
                actual.put(item.key(), item.valueJson() + "@" + item.version());
                ModelItem m = entry.getValue().get(item.key());
                if (m != null) { // items one call created may come in any order among themselves
                    assertTrue(m.created() >= lastCreated, "table " + entry.getKey() + ": " + item.key()
                            + " (created by write " + m.created() + ") after one made by write " + lastCreated);
                    lastCreated = m.created();
                }
            }
            Map<String, String> expected = new TreeMap<>();
            entry.getValue().forEach((k, v) -> expected.put(k, v.json() + "@" + v.version()));
            assertEquals(expected, actual, "table " + entry.getKey());
        }
    }
}
