package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void failedFsyncInSyncModeStopsWritesUntilReopenAndLosesNothingAcknowledged() {
        Path dir = root.resolve("fsync");
        FaultyFileLayer files = new FaultyFileLayer();
        MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files);
        for (int i = 0; i < 20; i++) {
            db.write("t", "k" + i, i);
        }
        files.failForce(1, FaultInjectionTest::isWal);
        StorageException e = assertThrows(StorageException.class, () -> db.write("t", "bad", 0));
        assertTrue(e.getMessage().contains("fsync"), e.getMessage());
        StorageException after = assertThrows(StorageException.class, () -> db.write("t", "later", 0));
        assertTrue(after.getMessage().contains("reopen"), after.getMessage());
        files.heal();
        db.close();
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.SYNC))) {
            for (int i = 0; i < 20; i++) {
                assertEquals(String.valueOf(i), reopened.get("t", "k" + i).orElseThrow().valueJson());
            }
            assertFalse(reopened.get("t", "later").isPresent());
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

    @Test
    void aRotatedSegmentIsStillForcedByTheNextFsync() {
        Path dir = root.resolve("retired");
        FaultyFileLayer files = new FaultyFileLayer();
        MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files);
        for (int i = 0; i < 10; i++) {
            db.write("t", "k" + i, i);
        }
        // flush() checkpoints (rotating the WAL without an fsync under the commit lock), then fsyncs the log,
        // which must include the retired segment.
        files.failForce(1, p -> p.getFileName().toString().matches("wal\\.log\\.\\d+"));
        StorageException e = assertThrows(StorageException.class, db::flush);
        assertTrue(e.getMessage().contains("fsync"), e.getMessage());
        assertThrows(StorageException.class, () -> db.write("t", "after", 1));
        files.heal();
        db.close();
        try (MikroDB reopened = MikroDB.open(options(dir, Durability.SYNC))) {
            assertEquals(10, reopened.tableSize("t"));
        }
    }

    @Test
    void concurrentSyncWritersShareFsyncs() throws Exception {
        Path dir = root.resolve("group");
        FaultyFileLayer files = new FaultyFileLayer();
        try (MikroDB db = MikroDB.open(options(dir, Durability.SYNC), files)) {
            files.forces.set(0);
            int threads = 8;
            int perThread = 100;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        db.write("t", id + "-" + i, i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            int fsyncs = files.forces.get();
            assertTrue(fsyncs < threads * perThread, "group commit should share fsyncs; saw " + fsyncs
                    + " for " + threads * perThread + " writes");
            assertEquals(threads * perThread, db.tableSize("t"));
        }
    }

    /** Copies the files of a live database: what a SIGKILL at this instant would leave behind. */
    static void crashCopy(Path from, Path to) {
        try {
            java.nio.file.Files.createDirectories(to);
            try (var files = java.nio.file.Files.list(from)) {
                for (Path p : files.toList()) {
                    if (!p.getFileName().toString().equals("LOCK")) {
                        java.nio.file.Files.copy(p, to.resolve(p.getFileName()));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
