package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write or fsync surfaces to the caller and never costs an earlier acknowledged write. */
class FaultInjectionTest {
    @TempDir
    Path root;

    private static boolean isWal(Path p) {
        return p.getFileName().toString().startsWith("wal.log");
    }

    private static boolean isTable(Path p) {
        return p.getFileName().toString().endsWith(".tbl.tmp");
    }

    private MikroOptions options(Path dir, Durability durability) {
        return MikroOptions.builder().databaseDirectory(dir).durability(durability).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000)
                .build();
    }

    @Test
    void failedWalAppendIsReportedAndLeavesEarlierWritesIntact() {
        for (int failAt = 1; failAt <= 3; failAt++) {
            Path dir = root.resolve("wal-" + failAt);
            FaultyFileLayer files = new FaultyFileLayer();
            try (MikroDB db = MikroDB.open(options(dir, Durability.OS), files)) {
                for (int i = 0; i < 10; i++) {
                    db.write("t", "k" + i, i);
                }
                files.failWrite(failAt, FaultInjectionTest::isWal);
                int failures = 0;
                List<Integer> acknowledged = new ArrayList<>();
                for (int i = 10; i < 15; i++) {
                    try {
                        db.write("t", "k" + i, i);
                        acknowledged.add(i);
                    } catch (StorageException e) {
                        assertTrue(e.getMessage().contains("injected write failure"), e.getMessage());
                        failures++;
                        assertFalse(db.get("t", "k" + i).isPresent(), "a failed write must not be visible");
                    }
                }
                assertEquals(1, failures);
                files.heal();
                assertEquals(14, db.tableSize("t"));
                db.write("t", "after", 1);
                crashCopy(dir, root.resolve("copy-" + failAt));
                for (int i : acknowledged) {
                    assertEquals(String.valueOf(i), db.get("t", "k" + i).orElseThrow().valueJson());
                }
            }
            try (MikroDB db = MikroDB.open(options(root.resolve("copy-" + failAt), Durability.OS))) {
                assertEquals(15, db.tableSize("t"), "recovered from a WAL with the failed record cut off");
            }
            try (MikroDB db = MikroDB.open(options(dir, Durability.OS))) {
                assertEquals(15, db.tableSize("t"));
            }
        }
    }

    @Test
    void failedFsyncInSyncModeLeavesTheWriteInDoubtRefusesWritesUntilReopenAndLosesNothingAcknowledged() {
        Path dir = root.resolve("fsync");
        FaultyFileLayer files = new FaultyFileLayer();
        MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files);
        for (int i = 0; i < 20; i++) {
            db.write("t", "k" + i, i);
        }
        files.failForce(1, FaultInjectionTest::isWal);
        WriteInDoubtException e = assertThrows(WriteInDoubtException.class, () -> db.write("t", "bad", 0));
        assertTrue(e.getMessage().contains("fsync") && e.getMessage().contains("may not survive"), e.getMessage());
        // The in-doubt write reached memory and the log before its fsync failed: reads may see it (documented).
        assertEquals("0", db.get("t", "bad").orElseThrow().valueJson());
        StorageException after = assertThrows(StorageException.class, () -> db.write("t", "later", 0));
        assertTrue(after.getMessage().contains("reopen"), after.getMessage());
        assertThrows(StorageException.class, () -> db.delete("t", "k1"), "deletes are writes too");
        assertThrows(StorageException.class, () -> db.deleteTable("t"), "so are drops");
        assertEquals(21, db.tableSize("t"), "reads keep working; nothing was dropped or deleted");
        assertFalse(db.get("t", "later").isPresent(), "a refused write is not applied");
        files.heal();
        db.close();
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.SYNC))) {
            for (int i = 0; i < 20; i++) {
                assertEquals(String.valueOf(i), reopened.get("t", "k" + i).orElseThrow().valueJson());
            }
            // What reached the disk decides; this fault layer drops nothing, so the in-doubt write survived.
            assertEquals("0", reopened.get("t", "bad").orElseThrow().valueJson());
            assertFalse(reopened.get("t", "later").isPresent());
            reopened.write("t", "afterReopen", 1);
        }
    }

    @Test
    void failedFsyncOfADropInSyncModeIsInDoubtToo() {
        Path dir = root.resolve("dropfsync");
        FaultyFileLayer files = new FaultyFileLayer();
        MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files);
        db.write("t", "k", 1);
        db.write("u", "k", 1);
        files.failForce(1, FaultInjectionTest::isWal);
        assertThrows(WriteInDoubtException.class, () -> db.deleteTable("t"));
        assertThrows(StorageException.class, () -> db.write("u", "k2", 1));
        files.heal();
        db.close();
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.SYNC))) {
            assertFalse(reopened.tableExists("t"), "the drop reached the log before the failed fsync");
            assertEquals(1, reopened.tableSize("u"));
        }
    }

    @Test
    void failedCheckpointKeepsTheWalAndTheDatabaseUsable() {
        for (int failAt = 1; failAt <= 3; failAt++) {
            Path dir = root.resolve("ckpt-" + failAt);
            FaultyFileLayer files = new FaultyFileLayer();
            try (MikroDB db = MikroDB.open(options(dir, Durability.OS), files)) {
                for (int table = 0; table < 3; table++) {
                    for (int i = 0; i < 50; i++) {
                        db.write("t" + table, "k" + i, i);
                    }
                }
                files.failWrite(failAt, FaultInjectionTest::isTable);
                StorageException e = assertThrows(StorageException.class, db::flush);
                assertTrue(e.getMessage().contains("checkpoint failed"), e.getMessage());
                files.heal();
                db.write("t0", "after", 1);
                crashCopy(dir, root.resolve("ckcopy-" + failAt));
                db.flush();
            }
            for (Path d : List.of(dir, root.resolve("ckcopy-" + failAt))) {
                try (MikroDB db = MikroDB.open(options(d, Durability.OS))) {
                    assertEquals(51, db.tableSize("t0"), d.toString());
                    assertEquals(50, db.tableSize("t1"));
                    assertEquals(50, db.tableSize("t2"));
                }
            }
        }
    }

    /**
     * The write-ahead rule: a checkpoint forces the segment it rotated before any table file takes its name, so no
     * table file is ever ahead of the log (PowerCutTest found os-mode images holding one table's new file and not
     * the log records of another's writes from the same moment). If that fsync fails, no table file is renamed into
     * place, and the log refuses writes until the database is reopened, which recovers every record.
     */
    @Test
    void aCheckpointForcesTheSegmentItRotatedBeforeAnyTableFileTakesItsName() {
        java.util.function.Predicate<Path> rotated =
                p -> p.getFileName().toString().matches("wal\\.log\\.\\d+|\\d+\\.wal");
        Path dir = root.resolve("retired");
        FaultyFileLayer files = new FaultyFileLayer();
        MikroDB db = MikroDB.open(options(dir, Durability.OS), files);
        for (int i = 0; i < 10; i++) {
            db.write("t", "k" + i, i);
        }
        files.failForce(1, rotated);
        StorageException e = assertThrows(StorageException.class, db::flush);
        assertTrue(e.getMessage().contains("fsync"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("t.tbl")), "a table file was written before the log it follows");
        files.heal();
        assertThrows(StorageException.class, () -> db.write("t", "refused", 1));
        db.close();
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.OS))) {
            assertEquals(10, reopened.tableSize("t"));
        }

        // A checkpoint that succeeds forces the segment once.
        Path forced = root.resolve("forced");
        FaultyFileLayer counted = new FaultyFileLayer();
        try (MikroDB db2 = MikroDB.open(options(forced, Durability.OS), counted)) {
            for (int i = 0; i < 10; i++) {
                db2.write("t", "k" + i, i);
            }
            counted.failForce(Integer.MAX_VALUE, rotated); // counts the rotated segment's fsyncs, fails none
            db2.flush();
            assertEquals(1, counted.forces.get(), "fsyncs of the rotated segment");
        }
        try (MikroDB reopened = MikroDB.open(options(forced, Durability.OS))) {
            assertEquals(10, reopened.tableSize("t"));
        }
    }

    @Test
    void concurrentSyncWritersShareOneFsync() throws Exception {
        Path dir = root.resolve("group");
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files)) {
            int threads = 8;
            java.util.concurrent.CountDownLatch disk = new java.util.concurrent.CountDownLatch(1);
            files.holdForces(disk, FaultInjectionTest::isWal); // the first fsync stalls, as on a slow disk
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> db.write("t", "k" + id, id)));
            }
            while (files.writes.get() < threads) { // every record is in the log; its writer waits for an fsync
                Thread.onSpinWait();
            }
            disk.countDown();
            for (Future<Long> f : futures) {
                assertEquals(1L, f.get());
            }
            pool.shutdown();
            // The stalled fsync covers the writers that got in first; one more covers everyone queued behind it.
            assertTrue(files.forces.get() <= 2, "8 queued writers need at most 2 fsyncs; saw " + files.forces.get());
            assertEquals(threads, db.tableSize("t"));
        }
    }

    /**
     * Copies the files of a live database: what a SIGKILL at this instant would leave behind (not an atomic
     * snapshot: each file as it is when copied, which is what a kill would find of a file no longer changing).
     */
    static void crashCopy(Path from, Path to) {
        try {
            java.nio.file.Files.createDirectories(to);
            try (var files = java.nio.file.Files.list(from)) {
                for (Path p : files.toList()) {
                    if (!p.getFileName().toString().equals("LOCK")) {
                        try {
                            java.nio.file.Files.copy(p, to.resolve(p.getFileName()));
                        } catch (java.nio.file.NoSuchFileException renamedOrDeleted) {
                            // a checkpoint renamed or deleted it meanwhile: at this instant it was not there
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
