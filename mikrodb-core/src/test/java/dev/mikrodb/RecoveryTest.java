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
import java.util.stream.Stream;
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

    /** A WAL of six records, returned with where its last record and its third record start and end. */
    private record Image(Path dir, byte[] wal, int lastStart, int middleStart, int middleEnd) {
    }

    private Image sixRecords() throws Exception {
        Path live = root.resolve("live");
        int lastStart;
        int middleStart = 0;
        int middleEnd = 0;
        try (MikroDB db = MikroDB.open(options(live))) {
            for (int i = 0; i < 5; i++) {
                if (i == 2) {
                    middleStart = (int) Files.size(live.resolve("wal.log"));
                }
                db.write("t", "k" + i, Map.of("n", i, "pad", "x".repeat(40)));
                if (i == 2) {
                    middleEnd = (int) Files.size(live.resolve("wal.log"));
                }
            }
            lastStart = (int) Files.size(live.resolve("wal.log"));
            db.write("t", "last", Map.of("n", 99));
            crashCopy(live, root.resolve("image"));
        }
        return new Image(root.resolve("image"), Files.readAllBytes(root.resolve("image/wal.log")), lastStart,
                middleStart, middleEnd);
    }

    /** A copy of the image whose WAL is {@code wal}. */
    private Path withWal(Image image, String name, byte[] wal) throws Exception {
        Path dir = root.resolve(name);
        crashCopy(image.dir(), dir);
        Files.write(dir.resolve("wal.log"), wal);
        return dir;
    }

    private static byte[] damaged(byte[] wal, int position, String kind) {
        byte[] out;
        switch (kind) {
            case "cut" -> out = java.util.Arrays.copyOf(wal, position);
            case "flip" -> {
                out = wal.clone();
                out[position] ^= 0x20;
            }
            case "zeros" -> {
                out = wal.clone();
                java.util.Arrays.fill(out, position, out.length, (byte) 0);
            }
            default -> { // garbage from here to the end
                out = wal.clone();
                java.util.Random random = new java.util.Random(position);
                for (int i = position; i < out.length; i++) {
                    out[i] = (byte) random.nextInt();
                }
            }
        }
        return out;
    }

    private static boolean allZeroFrom(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The side file recovery set aside, if any: its name starts with the segment's and says where it was cut. */
    private static Path sideFile(Path dir) throws Exception {
        try (var list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().contains(".damaged-at-")).findFirst().orElse(null);
        }
    }

    @Test
    void damageOfEveryKindAtEveryPositionOfTheLastRecordIsATornTailSetAsideNotLost() throws Exception {
        Image image = sixRecords();
        byte[] wal = image.wal();
        int checked = 0;
        for (String kind : new String[] {"cut", "flip", "zeros", "garbage"}) {
            for (int p = image.lastStart(); p < wal.length; p++) {
                byte[] broken = damaged(wal, p, kind);
                if (!kind.equals("cut") && java.util.Arrays.equals(broken, wal)) {
                    continue; // zeroing a zero byte damages nothing
                }
                Path dir = withWal(image, kind + "-" + p, broken);
                try (MikroDB db = MikroDB.open(options(dir))) {
                    assertEquals(5, db.tableSize("t"), kind + " at " + p);
                    assertFalse(db.get("t", "last").isPresent());
                    assertEquals(4, db.get("t", "k4").orElseThrow().value().get("n").asInt());
                }
                Path side = sideFile(dir);
                if (allZeroFrom(broken, image.lastStart())) {
                    // Zeros from a record's start to the end are what a sync log writes ahead of its records (or
                    // the first bytes of a record, when the write was torn after them): the log ends there.
                    assertEquals(null, side, "nothing was damaged: the log simply ends after five records");
                } else {
                    assertTrue(side != null, kind + " at " + p + ": the damaged bytes are kept aside");
                    assertTrue(side.getFileName().toString().endsWith("damaged-at-" + image.lastStart()),
                            side.toString());
                    assertArrayEquals(java.util.Arrays.copyOfRange(broken, image.lastStart(), broken.length),
                            Files.readAllBytes(side), "every damaged byte is in the side file");
                }
                checked++;
            }
        }
        for (byte[] extra : new byte[][] {"nineteen bytes junk".getBytes(), new byte[100]}) {
            byte[] longer = java.util.Arrays.copyOf(wal, wal.length + extra.length);
            System.arraycopy(extra, 0, longer, wal.length, extra.length);
            Path dir = withWal(image, "appended-" + extra[0], longer);
            try (MikroDB db = MikroDB.open(options(dir))) {
                assertEquals(6, db.tableSize("t"), "garbage after the last record costs no record");
            }
            if (extra[0] == 0) {
                assertEquals(null, sideFile(dir), "zeros after the last record are the end of the log, not damage");
            } else {
                assertArrayEquals(extra, Files.readAllBytes(sideFile(dir)));
            }
        }
        assertTrue(checked > 200, "positions checked: " + checked);
    }

    /** The active segment is always {@code wal.log}: a second torn tail at the same offset gets a name of its own. */
    @Test
    void aSecondTornTailAtTheSameOffsetDoesNotOverwriteTheFirstsSideFile() throws Exception {
        Image image = sixRecords();
        byte[] first = damaged(image.wal(), image.lastStart() + 5, "flip");
        byte[] second = damaged(image.wal(), image.lastStart() + 3, "garbage");
        Path dir = withWal(image, "twice", first);
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals(5, db.tableSize("t"));
        }
        Files.write(dir.resolve("wal.log"), second); // the same five records, then another torn sixth
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals(5, db.tableSize("t"));
        }
        String name = "wal.log.damaged-at-" + image.lastStart();
        byte[] tail = java.util.Arrays.copyOfRange(first, image.lastStart(), first.length);
        assertArrayEquals(tail, Files.readAllBytes(dir.resolve(name)), "the first side file is kept");
        assertArrayEquals(java.util.Arrays.copyOfRange(second, image.lastStart(), second.length),
                Files.readAllBytes(dir.resolve(name + ".2")), "the second has the next name");
        assertTrue(MikroDB.check(dir, null).healthy());
    }

    @Test
    void damageOfEveryKindInAMiddleRecordRefusesToOpenNamingFileAndOffsetAndChangesNothing() throws Exception {
        Image image = sixRecords();
        byte[] wal = image.wal();
        for (String kind : new String[] {"flip", "zeros-in-record", "garbage-in-record"}) {
            for (int p = image.middleStart(); p < image.middleEnd(); p++) {
                byte[] broken = wal.clone();
                if (kind.equals("flip")) {
                    broken[p] ^= 0x20;
                } else {
                    java.util.Random random = new java.util.Random(p);
                    for (int i = p; i < image.middleEnd(); i++) {
                        broken[i] = kind.startsWith("zeros") ? 0 : (byte) random.nextInt();
                    }
                }
                if (java.util.Arrays.equals(broken, wal)) {
                    continue; // zeroing zero bytes damages nothing
                }
                Path dir = withWal(image, kind + "-" + p, broken);
                Map<String, byte[]> before = snapshot(dir);
                CorruptionException e = assertThrows(CorruptionException.class, () -> MikroDB.open(options(dir)),
                        kind + " at " + p);
                assertEquals(image.middleStart(), e.offset(), kind + " at " + p + ": " + e.getMessage());
                assertTrue(e.file().endsWith("wal.log"));
                assertTrue(e.getMessage().contains("valid records follow"), e.getMessage());
                assertSnapshotEquals(before, snapshot(dir));
            }
        }
    }

    @Test
    void strictRecoveryRefusesEvenADamagedTail() throws Exception {
        Image image = sixRecords();
        Path dir = withWal(image, "strict", damaged(image.wal(), image.wal().length - 3, "flip"));
        Map<String, byte[]> before = snapshot(dir);
        CorruptionException e = assertThrows(CorruptionException.class,
                () -> MikroDB.open(MikroOptions.builder().databaseDirectory(dir).strictRecovery(true).build()));
        assertEquals(image.lastStart(), e.offset());
        assertTrue(e.getMessage().contains("strict"), e.getMessage());
        assertSnapshotEquals(before, snapshot(dir));
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals(5, db.tableSize("t"), "without strict mode the same tail is set aside");
        }
    }

    @Test
    void aDamagedTailInAnOlderSegmentThatLaterSegmentsFollowIsCorruption() throws Exception {
        Path live = root.resolve("live");
        try (MikroDB db = MikroDB.open(options(live))) {
            db.write("t", "a", 1);
            crashCopy(live, root.resolve("image"));
        }
        Path dir = root.resolve("image");
        Files.move(dir.resolve("wal.log"), dir.resolve("wal.log.1"));
        byte[] older = Files.readAllBytes(dir.resolve("wal.log.1"));
        older[older.length - 2] ^= 0x01;
        Files.write(dir.resolve("wal.log.1"), older);
        try (MikroDB db = MikroDB.open(options(root.resolve("second")))) { // a newer segment with a record
            db.write("t", "b", 2);
            crashCopy(root.resolve("second"), root.resolve("second-image"));
        }
        Files.copy(root.resolve("second-image/wal.log"), dir.resolve("wal.log"));
        CorruptionException e = assertThrows(CorruptionException.class, () -> MikroDB.open(options(dir)));
        assertTrue(e.file().endsWith("wal.log.1") && e.getMessage().contains("follow"), e.getMessage());
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
        for (int position : new int[] {0, 6, 20, 40, bytes.length - 10, bytes.length - 1}) {
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
            db.flush();                             // the table's base now holds the final state
            Files.copy(live.resolve("t.tbl"), root.resolve("image/t.tbl"));
        }
        // The image now has both the checkpointed table and the full WAL, as if killed before the WAL was reset.
        try (MikroDB db = MikroDB.open(options(root.resolve("image")))) {
            assertEquals("2", db.get("t", "a").orElseThrow().valueJson());
            assertEquals(1, db.get("t", "a").orElseThrow().version());
            assertEquals(2, db.tableSize("t"));
        }
    }

    /**
     * PowerCutTest found this: a key created and removed in a segment that the table files already cover. Replaying
     * the segment creates the key again and removes it, with revisions the files already hold; the checkpoint after
     * must not write the created record beside the removal's tombstone, or the next open reads the key back.
     */
    @Test
    void aKeyCreatedAndRemovedInASegmentTheFilesCoverStaysRemovedAfterTheNextCheckpoint() throws Exception {
        Path live = root.resolve("live");
        Path image = root.resolve("image");
        try (MikroDB db = MikroDB.open(options(live))) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, i);
            }
            db.flush(); // a base
            db.write("t", "x", 1);
            db.delete("t", "x");
            db.write("t", "k0", "changed");
            crashCopy(live, image); // the WAL holds the three records, the files the base
            db.flush(); // a delta: k0 changed, x never written to a file
            try (Stream<Path> files = Files.list(live)) {
                for (Path delta : files.filter(p -> p.toString().endsWith(".delta")).toList()) {
                    Files.copy(delta, image.resolve(delta.getFileName().toString()));
                }
            }
        }
        // As if killed after the checkpoint's directory fsync and before the segment was retired.
        try (MikroDB db = MikroDB.open(options(image))) {
            assertTrue(db.get("t", "x").isEmpty());
            db.flush(); // writes what the replay changed
        }
        try (MikroDB db = MikroDB.open(options(image))) {
            assertTrue(db.get("t", "x").isEmpty(), "a removed key came back after the checkpoint that followed replay");
            assertEquals("\"changed\"", db.get("t", "k0").orElseThrow().valueJson());
            assertEquals(100, db.tableSize("t"));
        }
    }

    @Test
    void leftoverTempFilesFromAnInterruptedCheckpointAreIgnoredAndRemoved() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir))) {
            db.write("t", "k", 1);
        }
        Files.write(dir.resolve("t.tbl.tmp"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("wal.log.tmp"), new byte[0]); // a rotation the kill stopped before its rename
        Path staging = Files.createDirectories(dir.resolve(".backup-staging-killed").resolve("inner"));
        Files.write(staging.resolve("t.tbl"), new byte[] {4, 5, 6});
        try (MikroDB db = MikroDB.open(options(dir))) {
            assertEquals("1", db.get("t", "k").orElseThrow().valueJson());
        }
        assertFalse(Files.exists(dir.resolve("t.tbl.tmp")));
        assertFalse(Files.exists(dir.resolve("wal.log.tmp")));
        assertFalse(Files.exists(dir.resolve(".backup-staging-killed")), "a killed backup's staging is removed");
    }

    @Test
    void aDirectoryWithDataButNoMetadataIsRefusedAndLeftAsItWas() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir))) {
            db.write("t", "k", 1);
            db.flush();
        }
        Files.delete(dir.resolve("mikrodb.meta"));
        Map<String, byte[]> before = snapshot(dir);
        CorruptionException e = assertThrows(CorruptionException.class, () -> MikroDB.open(options(dir)));
        assertTrue(e.getMessage().contains("metadata file is missing but the directory holds data"), e.getMessage());
        assertSnapshotEquals(before, snapshot(dir)); // no metadata made up for the existing data
    }

    static void fixCrc(byte[] bytes) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
    }

    static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (var list = Files.walk(dir)) { // the change feed's changes/ too
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
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

    /**
     * A sync database writes zeros ahead of its log's records; a crash keeps them. Recovery reads them as the end of
     * the log (every acknowledged write back, nothing set aside) and cuts them, so no segment it hands on carries
     * them.
     */
    @Test
    void aSyncLogsZerosWrittenAheadAreItsEndAfterACrashNotDamage() throws Exception {
        Path live = root.resolve("sync-live");
        Path image = root.resolve("sync-image");
        MikroOptions sync = MikroOptions.builder().databaseDirectory(live).durability(Durability.SYNC)
                .walIntervalMillis(60_000).maxWriteOpsBeforeFlush(1_000_000).build(); // no checkpoint meanwhile
        try (MikroDB db = MikroDB.open(sync)) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, Map.of("n", i));
            }
            crashCopy(live, image);
        }
        byte[] wal = Files.readAllBytes(image.resolve("wal.log"));
        assertEquals(0, wal[wal.length - 1], "the crash image's log ends in the zeros written ahead");
        try (MikroDB db = MikroDB.open(options(image))) {
            assertEquals(100, db.tableSize("t"));
            assertEquals(99, db.get("t", "k99").orElseThrow().value().get("n").asInt());
            try (var files = Files.list(image)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith("wal.log")).toList()) {
                    byte[] data = Files.readAllBytes(p);
                    var read = dev.mikrodb.internal.storage.WalReader.read(p, data, null, b -> { });
                    assertEquals(data.length, read.validEnd(), p + " ends at its last record");
                }
            }
        }
        assertEquals(null, sideFile(image), "zeros are not damage");
    }

    /**
     * What a power cut can leave with os durability: a rotated segment whose last records never reached the disk,
     * and after it a segment whose pages did. Replaying the later one would build a state that never was (a write
     * lost under later ones): recovery stops at the gap, sets the later segment aside, and the log goes on from the
     * last replayed revision; the same when the earlier segment was lost whole (an empty file). Strict recovery
     * refuses instead.
     */
    @Test
    void aSegmentThatFollowsLostRecordsIsSetAsideNotReplayedOverTheGap() throws Exception {
        Path live = root.resolve("live");
        Path image = root.resolve("image");
        byte[] firstSegmentWithD;
        byte[] secondSegment;
        try (MikroDB db = MikroDB.open(options(live))) {
            db.write("t", "a", 1);
            db.flush(); // the table file holds a; wal.log is a new segment, with only its header
            crashCopy(live, image);
            db.write("t", "d", 4);
            db.flushWAL();
            firstSegmentWithD = Files.readAllBytes(live.resolve("wal.log"));
            db.write("t", "e", 5); // in the first segment too, and lost from it below
            db.flush(); // rotates the first segment (and retires it)
            db.write("t", "f", 6);
            db.flushWAL();
            secondSegment = Files.readAllBytes(live.resolve("wal.log"));
        }
        Path emptied = root.resolve("emptied"); // the first segment lost whole: an empty file
        crashCopy(image, emptied);
        Files.delete(emptied.resolve("wal.log"));
        Files.write(emptied.resolve("wal.log.1"), new byte[0]);
        Files.write(emptied.resolve("wal.log"), secondSegment);
        Files.delete(image.resolve("wal.log"));
        Files.write(image.resolve("wal.log.1"), firstSegmentWithD);
        Files.write(image.resolve("wal.log"), secondSegment);
        CheckReport checked = MikroDB.check(image, null);
        assertTrue(checked.healthy(), checked.toString());
        assertEquals(CheckReport.Status.TORN_TAIL, checked.files().stream().filter(f -> f.file().equals("wal.log"))
                .findFirst().orElseThrow().status(), "check says what recovery will do: " + checked);
        assertEquals(CheckReport.Status.TORN_TAIL, MikroDB.check(emptied, null).files().stream()
                .filter(f -> f.file().equals("wal.log")).findFirst().orElseThrow().status());
        assertThrows(CorruptionException.class, () -> MikroDB.open(MikroOptions.builder().databaseDirectory(image)
                .strictRecovery(true).build()), "strict recovery refuses the gap");
        try (MikroDB db = MikroDB.open(options(image))) {
            assertEquals(4, db.get("t", "d").orElseThrow().value().asInt());
            assertTrue(db.get("t", "e").isEmpty(), "lost in the cut");
            assertTrue(db.get("t", "f").isEmpty(), "after the gap: not replayed");
            db.write("t", "g", 7);
        }
        assertTrue(Files.exists(image.resolve("wal.log.damaged-at-0")), "the segment after the gap was kept aside");
        try (MikroDB db = MikroDB.open(options(emptied))) {
            assertEquals(1, db.get("t", "a").orElseThrow().value().asInt());
            assertTrue(db.get("t", "d").isEmpty() && db.get("t", "f").isEmpty(), "f follows a segment lost whole");
        }
        try (MikroDB db = MikroDB.open(options(image))) {
            assertEquals(7, db.get("t", "g").orElseThrow().value().asInt(), "the log went on without a gap");
            assertEquals(4, db.get("t", "d").orElseThrow().value().asInt());
            assertTrue(db.get("t", "f").isEmpty());
        }
    }

    /**
     * After a crash that was not a reboot, the last run's unsynced records are read back from the page cache; they
     * must be on disk before the new log's records can follow them, or a power cut could leave a gap
     * ({@code WalGap}) under acknowledged writes. Recovery forces the segments it replayed.
     */
    @Test
    void recoveryForcesTheSegmentsItReplayedBeforeTheNewLogFollows() throws Exception {
        Path live = root.resolve("crashed");
        Path image = root.resolve("crashed-image");
        try (MikroDB db = MikroDB.open(options(live))) {
            db.write("t", "a", 1); // os durability: in the page cache only
            crashCopy(live, image);
        }
        FaultyFileLayer files = new FaultyFileLayer();
        files.failForce(Integer.MAX_VALUE, p -> p.getFileName().toString().equals("wal.log")); // counts, fails none
        try (MikroDB db = MikroDB.open(options(image), files)) {
            assertEquals(1, files.forces.get(), "the replayed wal.log was forced once, before the new segment");
            assertEquals(1, db.get("t", "a").orElseThrow().value().asInt());
        }
    }
}
