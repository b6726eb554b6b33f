package dev.mikrodb;

import static dev.mikrodb.FaultInjectionTest.crashCopy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves behind is recovered; what corruption leaves behind is reported, never read as data. */
class RecoveryTest {
    @TempDir
    Path root;

    private static MikroOptions options(Path dir) {
        return MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).build();
    }

    @Test
    void walCutAtEveryByteOfItsLastRecordOpensWithTheAcknowledgedPrefix() throws Exception {
        Path live = root.resolve("live");
        long lastRecordStart;
        long lastRecordEnd;
        try (MikroDB db = MikroDB.open(options(live))) {
            for (int i = 0; i < 5; i++) {
                db.write("t", "k" + i, Map.of("n", i, "pad", "x".repeat(40)));
            }
            lastRecordStart = Files.size(live.resolve("wal.log"));
            db.write("t", "last", Map.of("n", 99));
            lastRecordEnd = Files.size(live.resolve("wal.log"));
            crashCopy(live, root.resolve("image"));
        }
        byte[] wal = Files.readAllBytes(root.resolve("image/wal.log"));
        assertEquals(lastRecordEnd, wal.length);
        for (long cut = lastRecordStart; cut <= lastRecordEnd; cut++) {
            Path dir = root.resolve("cut-" + cut);
            crashCopy(root.resolve("image"), dir);
            Files.write(dir.resolve("wal.log"), java.util.Arrays.copyOf(wal, (int) cut));
            try (MikroDB db = MikroDB.open(options(dir))) {
                assertEquals(cut == lastRecordEnd ? 6 : 5, db.tableSize("t"), "cut at " + cut);
                assertEquals(4, db.get("t", "k4").orElseThrow().value().get("n").asInt());
            }
        }
    }

    @Test
    void zeroFilledTailIsATornWriteNotCorruption() throws Exception {
        Path live = root.resolve("live");
        try (MikroDB db = MikroDB.open(options(live))) {
            db.write("t", "a", 1);
            crashCopy(live, root.resolve("image"));
        }
        Path wal = root.resolve("image/wal.log");
        Files.write(wal, new byte[100], java.nio.file.StandardOpenOption.APPEND);
        try (MikroDB db = MikroDB.open(options(root.resolve("image")))) {
            assertEquals(1, db.tableSize("t"));
        }
    }

    @Test
    void flippedBitInsideTheLogIsReportedWithFileAndOffsetAndChangesNothing() throws Exception {
        Path live = root.resolve("live");
        try (MikroDB db = MikroDB.open(options(live))) {
            for (int i = 0; i < 10; i++) {
                db.write("t", "k" + i, "value-" + i);
            }
            crashCopy(live, root.resolve("image"));
        }
        Path dir = root.resolve("image");
        byte[] pristine = Files.readAllBytes(dir.resolve("wal.log"));
        byte[] wal = pristine.clone();
        // Header is 20 bytes; the first record's header 12; flip a bit in the first payload.
        wal[20 + 12 + 5] ^= 0x10;
        Files.write(dir.resolve("wal.log"), wal);
        Map<String, byte[]> before = snapshot(dir);
        CorruptionException e = assertThrows(CorruptionException.class, () -> MikroDB.open(options(dir)));
        assertEquals(20, e.offset());
        assertTrue(e.file().endsWith("wal.log"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        assertSnapshotEquals(before, snapshot(dir));

        // A flipped bit in a record's length field is caught by the length checksum, not taken as a torn tail.
        byte[] lengthFlip = pristine.clone();
        lengthFlip[20 + 2] ^= 0x01;
        Files.write(dir.resolve("wal.log"), lengthFlip);
        CorruptionException lengthError = assertThrows(CorruptionException.class, () -> MikroDB.open(options(dir)));
        assertTrue(lengthError.getMessage().contains("length checksum"), lengthError.getMessage());
        assertEquals(20, lengthError.offset());
    }

    @Test
    void flippedBitInATableFileIsReported() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir))) {
            for (int i = 0; i < 10; i++) {
                db.write("t", "k" + i, "value-" + i);
            }
        }
        Path table = dir.resolve("t.tbl");
        byte[] bytes = Files.readAllBytes(table);
        for (int position : new int[] {0, 6, 30, bytes.length - 10, bytes.length - 1}) {
            byte[] damaged = bytes.clone();
            damaged[position] ^= 0x04;
            Files.write(table, damaged);
            try (MikroDB db = MikroDB.open(options(dir))) {
                CorruptionException e = assertThrows(CorruptionException.class, () -> db.get("t", "k1"),
                        "flip at " + position);
                assertTrue(e.file().endsWith("t.tbl"));
            }
            assertArrayEquals(damaged, Files.readAllBytes(table), "a corrupt table is never rewritten");
        }
    }

    @Test
    void unsupportedFormatVersionsAreNamed() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir))) {
            db.write("t", "k", 1);
        }
        Path table = dir.resolve("t.tbl");
        byte[] bytes = Files.readAllBytes(table);
        bytes[5] = 9; // format version 9
        fixCrc(bytes);
        Files.write(table, bytes);
        try (MikroDB db = MikroDB.open(options(dir))) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> db.get("t", "k"));
            assertTrue(e.getMessage().contains("unsupported table format version 9"), e.getMessage());
        }
        Path meta = dir.resolve("mikrodb.meta");
        byte[] m = Files.readAllBytes(meta);
        m[5] = 7;
        fixCrc(m);
        Files.write(meta, m);
        CorruptionException e = assertThrows(CorruptionException.class, () -> MikroDB.open(options(dir)));
        assertTrue(e.getMessage().contains("unsupported format version 7"), e.getMessage());
    }

    @Test
    void crashBetweenCheckpointAndWalCleanupReplaysIdempotently() throws Exception {
        Path live = root.resolve("live");
        try (MikroDB db = MikroDB.open(options(live))) {
            db.write("t", "a", 1);
            db.write("t", "b", 1);
            db.delete("t", "a");
            db.write("t", "a", 2);
            crashCopy(live, root.resolve("image")); // WAL holds all four records
            db.flush();                             // table file now holds the final state
            Files.copy(live.resolve("t.tbl"), root.resolve("image/t.tbl"));
        }
        // The image now has both the checkpointed table and the full WAL, as if killed before the WAL was reset.
        try (MikroDB db = MikroDB.open(options(root.resolve("image")))) {
            assertEquals("2", db.get("t", "a").orElseThrow().valueJson());
            assertEquals(1, db.get("t", "a").orElseThrow().version());
            assertEquals(2, db.tableSize("t"));
        }
    }

    @Test
    void leftoverTempFilesFromAnInterruptedCheckpointAreIgnoredAndRemoved() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir))) {
            db.write("t", "k", 1);
        }
        Files.write(dir.resolve("t.tbl.tmp"), new byte[] {1, 2, 3});
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals("1", db.get("t", "k").orElseThrow().valueJson());
        }
        assertFalse(Files.exists(dir.resolve("t.tbl.tmp")));
    }

    static void fixCrc(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
    }

    static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (var list = Files.list(dir)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static void assertSnapshotEquals(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        expected.remove("LOCK");
        actual.remove("LOCK");
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name + " changed");
        }
    }
}
