package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One database-wide revision per commit, carried by items and events, surviving everything. */
class RevisionTest {
    @TempDir
    Path root;
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void paths() {
        dir = root.resolve("db");
    }

    private MikroOptions options(Path d) {
        return MikroOptions.builder().databaseDirectory(d).walIntervalMillis(60_000).maxWriteOpsBeforeFlush(1_000_000)
                .maxLoadedTables(1).build();
    }

    @Test
    void everyCommitTakesTheNextRevisionAndABatchSharesOne() {
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals(0, db.revision());
            db.write("t", "a", 1);
            assertEquals(1, db.revision());
            db.writeBatch(List.of(WriteRequest.of("t", "b", 1), WriteRequest.of("u", "c", 1)));
            assertEquals(2, db.revision());
            assertEquals(2, db.get("t", "b").orElseThrow().modRevision());
            assertEquals(2, db.get("u", "c").orElseThrow().modRevision(), "one batch, one revision");
            db.write("t", "a", 2);
            Item a = db.get("t", "a").orElseThrow();
            assertEquals(1, a.createRevision(), "created at 1");
            assertEquals(3, a.modRevision(), "last written at 3");
            db.delete("t", "a");
            assertEquals(4, db.revision());
            db.write("t", "a", 3);
            assertEquals(5, db.get("t", "a").orElseThrow().createRevision(), "a delete ends a key's life");
            try {
                db.write(WriteRequest.builder("t", "a").value(4).expectedVersion(9).build());
            } catch (VersionConflictException expected) {
                // a refused write commits nothing
            }
            assertEquals(5, db.revision());
        }
    }

    @Test
    void revisionsSurviveRestartsCheckpointsAndEvictionEvenWhenTheLastCommitsWereDeletes() throws Exception {
        try (MikroDB db = MikroDB.open(options(dir))) {
            for (int i = 0; i < 10; i++) {
                db.write("t" + (i % 3), "k" + i, i); // maxLoadedTables 1: tables are evicted and checkpointed
            }
            db.flush();
            db.delete("t0", "k0");
            db.delete("t1", "k1");
            db.deleteTable("t2");
            assertEquals(13, db.revision());
            FaultInjectionTest.crashCopy(dir, root.resolve("crashed"));
        }
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals(13, db.revision(), "after a clean close");
            db.write("t0", "next", 1);
            assertEquals(14, db.get("t0", "next").orElseThrow().modRevision());
            assertEquals(4, db.get("t0", "k3").orElseThrow().modRevision(), "stored revisions are kept (k3 was the 4th commit)");
        }
        try (MikroDB db = MikroDB.open(options(root.resolve("crashed")))) {
            assertEquals(13, db.revision(), "after a crash, from the WAL");
        }
        try (MikroDB db = MikroDB.open(options(dir))) {
            db.flush(); // every segment gone: the revision lives in the new segment's header
            assertEquals(14, db.revision());
        }
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals(14, db.revision());
        }
    }

    /**
     * A power cut right after a checkpoint can keep the new WAL segment's name and lose its header (the rotation does
     * not force it) while the checkpoint's retirement of every older segment persists. The revision then lives only
     * in the table files and the change feed's retained segments; numbering new commits from 0 would give items
     * revisions below older ones and give the feed's next segment an old segment's name.
     */
    @Test
    void aPowerCutThatLosesTheNewLogsHeaderDoesNotTurnTheRevisionBack() throws Exception {
        Path noHistory = root.resolve("no-history");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(noHistory)
                .changeRetention(java.time.Duration.ZERO).build())) {
            for (int i = 0; i < 10; i++) {
                db.write("t" + (i % 3), "k" + i, i);
            }
            db.delete("t1", "k1");
            db.flush();
            assertEquals(11, db.revision());
        }
        loseTheActiveSegmentsHeader(noHistory);
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(noHistory)
                .changeRetention(java.time.Duration.ZERO).build())) {
            assertEquals(11, db.revision(), "from the table files");
            db.write("t0", "next", 1);
            assertEquals(12, db.get("t0", "next").orElseThrow().createRevision());
        }

        Path withHistory = root.resolve("with-history");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(withHistory).build())) {
            for (int i = 0; i < 10; i++) {
                db.write("t" + (i % 3), "k" + i, i);
            }
            db.flush();
            db.deleteTable("t2"); // the last commit writes no table file: only the feed's history holds it
            db.flush();
            assertEquals(11, db.revision());
        }
        loseTheActiveSegmentsHeader(withHistory);
        Path changes = withHistory.resolve("changes");
        // a stray file whose digits are past any revision is not history (it used to fail the first retire)
        java.nio.file.Files.write(changes.resolve("9999999999999999999.wal"), new byte[] {1, 2, 3});
        List<String> history = listing(changes);
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(withHistory).build())) {
            assertEquals(11, db.revision(), "from the newest retained segment");
            db.write("t0", "next", 1);
            assertEquals(12, db.get("t0", "next").orElseThrow().modRevision());
            db.flush();
        }
        List<String> after = listing(changes);
        assertTrue(after.containsAll(history) && after.size() == history.size() + 1,
                "the new segment joins the history under a new name: " + history + " then " + after);
    }

    /** The image such a power cut leaves: {@code wal.log} exists, empty, and no rotated segment is left. */
    private static void loseTheActiveSegmentsHeader(Path dir) throws Exception {
        try (var entries = java.nio.file.Files.list(dir)) {
            for (Path p : entries.toList()) {
                if (p.getFileName().toString().startsWith("wal.log.")) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
        java.nio.file.Files.write(dir.resolve("wal.log"), new byte[0]);
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var entries = java.nio.file.Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eventsCarryTheirCommitsRevision() throws Exception {
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).listener(null, events::add)
                .build())) {
            db.writeBatch(List.of(WriteRequest.of("t", "a", 1), WriteRequest.of("t", "b", 1)));
            db.delete("t", "a");
            db.deleteTable("t");
            ChangeEventsTest.await(() -> events.size() == 4);
        }
        assertEquals(List.of(1L, 1L, 2L, 3L), events.stream().map(ChangeEvent::revision).toList());
        assertTrue(events.get(0).record().modRevision() == 1);
    }
}
