package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What checkpoints write for a table: deltas of what changed, a base once superseded copies would make reading the
 * files cost more than half again the table, and the same contents after reopening whichever they wrote, including
 * after a checkpoint failed. Changes to more than 1,024 existing keys and half the table are found by their revision
 * rather than tracked key by key, and created keys are handed over as their records: every way is covered.
 */
class TableFilesPolicyTest {
    @TempDir
    Path dir;
    @TempDir
    Path crashes;

    private final Map<String, String> model = new TreeMap<>();
    private int nextKey;

    /** Checkpoints only on flush, so what each flush writes is the test's to see. */
    private MikroOptions options() {
        return options(dir);
    }

    private static MikroOptions options(Path dir) {
        return MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).maxWalBytes(1L << 30).build();
    }

    private void insert(MikroDB db, int n, String value) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = String.format("k%06d", nextKey++);
            batch.add(WriteRequest.of("t", key, value));
            model.put(key, "\"" + value + "\"");
        }
        db.writeBatch(batch);
    }

    private void overwrite(MikroDB db, List<String> keys, String value) {
        if (keys.isEmpty()) {
            return;
        }
        List<WriteRequest> batch = new ArrayList<>();
        for (String key : keys) {
            batch.add(WriteRequest.of("t", key, value));
            model.put(key, "\"" + value + "\"");
        }
        db.writeBatch(batch);
    }

    private void remove(MikroDB db, List<String> keys) {
        for (String key : keys) {
            db.delete("t", key);
            model.remove(key);
        }
    }

    private List<String> someKeys(Random random, int n) {
        List<String> keys = new ArrayList<>(model.keySet());
        java.util.Collections.shuffle(keys, random);
        return keys.subList(0, Math.min(n, keys.size()));
    }

    private void assertMatchesModel(MikroDB db, String when) {
        assertEquals(model.size(), db.tableSize("t"), when);
        for (Map.Entry<String, String> e : model.entrySet()) {
            assertEquals(e.getValue(), db.get("t", e.getKey()).orElseThrow(() -> new AssertionError(when + ": "
                    + e.getKey() + " missing")).valueJson(), when + ": " + e.getKey());
        }
    }

    private void assertMatchesModelAfterReopening() {
        try (MikroDB db = MikroDB.open(options())) {
            assertMatchesModel(db, "after reopening");
        }
    }

    private List<String> tableFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("t.") || n.startsWith("t+"))
                    .sorted().toList();
        }
    }

    /** Inserts {@code n} keys into an empty table and checkpoints: the table's first file is its base. */
    private byte[] baseOf(MikroDB db, int n) throws IOException {
        insert(db, n, "first");
        db.flush();
        return baseBytes();
    }

    private byte[] baseBytes() throws IOException {
        return Files.readAllBytes(dir.resolve("t.tbl"));
    }

    /** A table file of t, or a spare (a replaced table file a new one is written over, under the spare's name). */
    private static boolean isTableFile(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith("t.tbl") || name.startsWith("t+") || name.startsWith("spare.");
    }

    @Test
    void aTableGrownByInsertsWritesEachItemOnceInDeltas() throws Exception {
        try (MikroDB db = MikroDB.open(options())) {
            byte[] base = baseOf(db, 500);
            for (int round = 0; round < 5; round++) {
                insert(db, 2_000 * (round + 1), "round" + round); // created keys: handed to the checkpoint as a list
                db.flush();
            }
            assertArrayEquals(base, baseBytes(), "the base was not rewritten");
            assertEquals(6, tableFiles().size(), "the base and five deltas: " + tableFiles());
            assertMatchesModel(db, "before reopening");
        }
        assertMatchesModelAfterReopening();
    }

    @Test
    void supersededCopiesPastHalfTheTableBringANewBase() throws Exception {
        Random random = new Random(3);
        try (MikroDB db = MikroDB.open(options())) {
            byte[] base = baseOf(db, 1_000);
            overwrite(db, someKeys(random, 300), "second");
            db.flush();
            assertArrayEquals(base, baseBytes(), "a third superseded: a delta");
            remove(db, someKeys(random, 250));
            db.flush();
            assertFalse(java.util.Arrays.equals(base, baseBytes()),
                    "more than half the live table superseded: a new base");
            assertEquals(List.of("t.tbl"), tableFiles(), "the new base replaced the deltas");
            assertMatchesModel(db, "before reopening");
        }
        assertMatchesModelAfterReopening();
    }

    /**
     * The checkpoint row's shape: the same keys rewritten at every checkpoint. Their copies in the deltas are stale
     * only until the next merge replaces the deltas, so they never add up to a new base.
     */
    @Test
    void theSameKeysRewrittenAtEveryCheckpointNeverBringANewBase() throws Exception {
        try (MikroDB db = MikroDB.open(options())) {
            byte[] base = baseOf(db, 20_000);
            List<String> same = new ArrayList<>(model.keySet()).subList(0, 500);
            for (int round = 0; round < 50; round++) {
                overwrite(db, same, "round" + round);
                db.flush();
            }
            assertArrayEquals(base, baseBytes(), "the base was not rewritten");
            assertMatchesModel(db, "before reopening");
        }
        assertMatchesModelAfterReopening();
    }

    /**
     * Keys created since the last checkpoint are handed to it as their records, unless changed again: then their
     * newest state (overwritten, removed, removed and created again) is what the files get, not the record created.
     */
    @Test
    void keysCreatedThenChangedAgainBeforeACheckpointWriteTheirLastState() {
        List<String> created = new ArrayList<>();
        List<String> again;
        try (MikroDB db = MikroDB.open(options())) {
            insert(db, 500, "base");
            db.flush();
            insert(db, 300, "created");
            created.addAll(new ArrayList<>(model.keySet()).subList(500, 800));
            overwrite(db, created.subList(0, 50), "overwritten");
            remove(db, created.subList(50, 100));
            again = new ArrayList<>(created.subList(100, 120));
            remove(db, again);
            overwrite(db, again, "created again");
            overwrite(db, new ArrayList<>(model.keySet()).subList(0, 20), "a base key");
            assertMatchesModel(db, "before the checkpoint");
            Path beforeFlush = crashes.resolve("before-flush");
            FaultInjectionTest.crashCopy(dir, beforeFlush);
            try (MikroDB recovered = MikroDB.open(options(beforeFlush))) {
                assertMatchesModel(recovered, "the log replayed");
            }
            db.flush();
        }
        List<String> changedAgain = new ArrayList<>(created.subList(0, 20)); // (the model has each key's last state)
        changedAgain.addAll(created.subList(50, 70));
        changedAgain.addAll(again);
        try (MikroDB db = MikroDB.open(options())) {
            // Fewer than 64 gets: served from the files' buckets, before the table loads (a record and the newer
            // state of its key in one delta would be found in the order written, the first one winning)
            for (String key : changedAgain) {
                assertEquals(Optional.ofNullable(model.get(key)), db.get("t", key).map(Item::valueJson), key);
            }
            insert(db, 10, "after");
            remove(db, created.subList(200, 210)); // in the files now: tombstones
            db.flush();
            assertMatchesModel(db, "after the checkpoints");
        }
        assertMatchesModelAfterReopening();
    }

    /** A failed delta of each kind (tracked keys, found by revision, a merge) is written in full by the next. */
    @Test
    void whatAFailedCheckpointHeldIsWrittenByTheNext() {
        FaultyFileLayer files = new FaultyFileLayer();
        Random random = new Random(11);
        try (MikroDB db = MikroDB.open(options(), files)) {
            insert(db, 2_000, "base");
            db.flush();
            for (int round = 0; round < 40; round++) {
                switch (round % 5) {
                    case 0 -> insert(db, 3_000, "burst" + round); // created keys, handed over as records
                    case 1 -> overwrite(db, someKeys(random, 20), "few" + round);
                    case 2 -> remove(db, someKeys(random, 30));
                    case 3 -> {
                        insert(db, 5, "small" + round);
                        remove(db, someKeys(random, 2));
                    }
                    case 4 -> overwrite(db, someKeys(random, model.size() * 2 / 3), "most" + round); // untracked
                }
                boolean failed = round % 3 == 0;
                if (failed) {
                    files.failWrite(1, TableFilesPolicyTest::isTableFile);
                    assertThrows(StorageException.class, db::flush, "round " + round);
                    files.heal();
                }
                db.flush();
                if (failed) { // the files and the log as they are now, before a later base could mend anything
                    Path copy = crashes.resolve("round-" + round);
                    FaultInjectionTest.crashCopy(dir, copy);
                    try (MikroDB recovered = MikroDB.open(options(copy))) {
                        assertMatchesModel(recovered, "after the failed checkpoint of round " + round);
                    }
                }
            }
            assertMatchesModel(db, "before reopening");
        }
        assertMatchesModelAfterReopening();
    }

    /**
     * Random bursts, removals and overwrites, with reopens and crash copies (the WAL replayed over the files): the
     * files always hold the table.
     */
    @Test
    void randomChangesReadBackAfterEveryReopen() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        try {
            for (int life = 0; life < 6; life++) {
                try (MikroDB db = MikroDB.open(options())) {
                    assertMatchesModel(db, "after reopening");
                    for (int round = 0; round < 25; round++) {
                        switch (random.nextInt(5)) {
                            case 0 -> insert(db, 1 + random.nextInt(4_000), "i" + round);
                            case 1 -> overwrite(db, someKeys(random, 1 + random.nextInt(2_000)), "o" + round);
                            case 2 -> remove(db, someKeys(random, 1 + random.nextInt(300)));
                            case 3 -> {
                                List<String> keys = someKeys(random, 5);
                                remove(db, keys);
                                overwrite(db, keys, "back" + round); // removed and created again
                            }
                            default -> insert(db, 1 + random.nextInt(10), "s" + round);
                        }
                        if (random.nextInt(3) > 0) {
                            db.flush();
                        }
                    }
                    assertMatchesModel(db, "life " + life);
                    Path copy = crashes.resolve("life-" + life);
                    FaultInjectionTest.crashCopy(dir, copy);
                    try (MikroDB recovered = MikroDB.open(options(copy))) {
                        assertMatchesModel(recovered, "a crash copy in life " + life);
                    }
                }
            }
            try (MikroDB db = MikroDB.open(options())) {
                assertMatchesModel(db, "at the end");
            }
            assertTrue(model.size() > 0);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (rerun with -Dmikrodb.test.seed=" + seed + "): " + e, e);
        }
    }
}
