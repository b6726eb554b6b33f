package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
                if (added.isEmpty()) {
                    assertTrue(deltas().isEmpty(), "no new delta, so the checkpoint folded them all into a base");
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
