package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint policy docs/architecture.md promises: table files follow the writes closely, deltas not rewrites. */
class CheckpointPolicyTest {
    @TempDir
    Path dir;

    @Test
    void aSmallTableIsCheckpointedAfterMaxWriteOpsBeforeFlushWrites() throws Exception {
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(600_000)
                .maxWriteOpsBeforeFlush(10).build())) {
            for (int i = 0; i < 9; i++) {
                db.write("small", "k" + i, i);
            }
            assertFalse(Files.exists(dir.resolve("small.tbl")), "9 writes: not yet");
            db.write("small", "k9", 9);
            ChangeEventsTest.await(() -> Files.exists(dir.resolve("small.tbl")));
            ChangeEventsTest.await(() -> walBytes() < 100); // the checkpoint discarded the rotated segment
        }
    }

    @Test
    void anInsertOnlyTableDoesNotPileUpItsWalAndLaterCheckpointsWriteOnlyDeltas() throws Exception {
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(600_000)
                .maxWriteOpsBeforeFlush(1_000_000).maxWalBytes(256 << 10).build())) {
            for (int i = 0; i < 5_000; i++) {
                db.write("log", String.format("k%06d", i), "x".repeat(200)); // about 1.2 MB through the WAL
            }
            ChangeEventsTest.await(() -> Files.exists(dir.resolve("log.tbl")));
            // The WAL-size checkpoints run beside the writer, so a fast writer may briefly hold a few segments; with
            // no flush and no tick (10 minutes away) they alone must bring the WAL back near maxWalBytes.
            ChangeEventsTest.await(() -> walBytes() < 600 << 10);
            db.flush();
            // The background checkpoints during the inserts leave a timing-dependent number of deltas; if they are
            // due for folding, the next checkpoint writes a new base instead. After that fold the one after it must
            // be a delta, so a second round is allowed only when the first one folded.
            java.util.Set<Path> added = java.util.Set.of();
            long base = 0;
            for (int round = 0; round < 2 && added.isEmpty(); round++) {
                base = Files.size(dir.resolve("log.tbl"));
                java.util.Set<Path> before = deltas();
                for (int i = 0; i < 10; i++) {
                    db.write("log", "k000001", "changed " + i);
                }
                db.flush();
                added = deltas();
                added.removeAll(before);
                if (added.isEmpty()) { // the deltas the base replaced are deleted in the background
                    ChangeEventsTest.await(() -> deltasOf("log").isEmpty());
                }
            }
            assertEquals(1, added.size(), "one checkpoint, one delta: " + added);
            {
                long deltaBytes = added.iterator().next().toFile().length();
                assertTrue(deltaBytes > 0 && deltaBytes < 1_000, "10 writes to one key: a tiny delta, " + deltaBytes
                        + " bytes, not the " + base + "-byte table again");
            }
        }
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(5_000, db.tableSize("log"));
            assertEquals("\"changed 9\"", db.get("log", "k000001").orElseThrow().valueJson());
        }
    }

    /**
     * The deltas a merge replaces are deleted off the checkpoint's path (on the maintenance thread), and whatever
     * is left (here: deletions failing) by close. A table dropped while such files wait, and made again under its
     * name, numbers its files from 1 again: the drop deletes the waiting files first, so none of the old table's
     * deltas is read back into the new one after a restart.
     */
    @Test
    void deltasAMergeReplacedAreDeletedInTheBackgroundOrAtCloseAndNeverReadIntoATableMadeAgain() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(600_000)
                .maxWriteOpsBeforeFlush(1_000_000).build(); // the log's segments are moved, not deleted
        try (MikroDB db = MikroDB.open(options, files)) {
            for (int i = 0; i < 1000; i++) {
                db.write("t", "k" + i, "old " + "x".repeat(100) + i);
            }
            db.flush(); // a base large enough that a few small deltas never call for a new one
            for (int round = 0; round < 16; round++) {
                db.write("t", "k" + round, "old again " + round);
                db.flush(); // sixteen deltas
            }
            assertEquals(16, deltasOf("t").size());
            db.write("t", "k0", "merged");
            db.flush(); // the seventeenth carries the sixteen and replaces them
            ChangeEventsTest.await(() -> deltasOf("t").size() == 1);
            assertEquals("\"merged\"", db.get("t", "k0").orElseThrow().valueJson());

            files.failDeletes = true;
            for (int round = 0; round < 17; round++) { // fifteen deltas, a merge of sixteen, one more
                db.write("t", "k" + round, "old once more " + round);
                db.flush();
            }
            assertEquals(18, deltasOf("t").size(), "the merge's deletions failed: " + deltasOf("t"));
            assertTrue(db.deleteTable("t"));
            assertThrows(StorageException.class, db::flush, "the drop cannot delete the files yet");
            files.failDeletes = false;
            db.flush();
            assertEquals(java.util.List.of(), deltasOf("t"));
            for (int round = 0; round < 40; round++) { // the new table's deltas take the old numbers, and merge
                db.write("t", "new" + round, round);
                db.flush();
            }
            db.write("t", "new0", "last");
        }
        try (MikroDB db = MikroDB.open(options)) {
            assertEquals(40, db.tableSize("t"), "only the new table's items");
            assertFalse(db.get("t", "k0").isPresent());
            assertEquals("\"last\"", db.get("t", "new0").orElseThrow().valueJson());
        }
    }

    @Test
    void closeDeletesTheDeltasAMergeReplacedThatTheBackgroundCouldNot() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(600_000)
                .maxWriteOpsBeforeFlush(1_000_000).build(), files)) {
            for (int i = 0; i < 1000; i++) {
                db.write("t", "base" + i, "x".repeat(100));
            }
            db.flush();
            files.failDeletes = true;
            for (int round = 0; round <= 16; round++) {
                db.write("t", "k" + round, round);
                db.flush();
            }
            assertEquals(17, deltasOf("t").size());
            files.failDeletes = false;
        }
        assertEquals(1, deltasOf("t").size(), "close deleted the sixteen the merge replaced: " + deltasOf("t"));
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(1017, db.tableSize("t"));
        }
    }

    /** The delta files of {@code table} in the directory now. */
    private java.util.List<Path> deltasOf(String table) {
        try (var files = Files.list(dir)) {
            String pattern = java.util.regex.Pattern.quote(table) + "\\+\\d+\\.delta";
            return files.filter(p -> p.getFileName().toString().matches(pattern)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private java.util.Set<Path> deltas() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("log+"))
                    .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    private long walBytes() {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal.log"))
                    .mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
