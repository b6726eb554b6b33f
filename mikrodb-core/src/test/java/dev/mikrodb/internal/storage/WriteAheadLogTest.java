package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.Durability;
import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.testing.ForwardingFileLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead log on its own: append, rotate, read back, version checks. */
class WriteAheadLogTest {
    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static StoredItem item(String key, String json, long revision) {
        return new StoredItem(key, utf8(json), 1, 10, 0, revision, revision);
    }

    private static WalBatch batch(long revision, WalOp... ops) {
        return new WalBatch(revision, 10, List.of(ops));
    }

    private List<List<WalOp>> readAll(Path segment, AesGcm cipher) throws Exception {
        List<List<WalOp>> records = new ArrayList<>();
        WalReader.read(segment, Files.readAllBytes(segment), cipher, b -> records.add(b.ops()));
        return records;
    }

    @Test
    void appendedRecordsReadBackInOrderAcrossARotation() throws Exception {
        AesGcm cipher = new AesGcm(new byte[32]);
        try (WriteAheadLog wal = WriteAheadLog.open(DiskFileLayer.INSTANCE, dir, "wal.log", cipher,
                Durability.OS, 100, 0)) {
            long first = wal.append(batch(1, WalOp.put("t", item("a", "1", 1), null)));
            long second = wal.append(batch(2, WalOp.put("t", item("b", "2", 2), null),
                    WalOp.delete("t", item("a", "1", 1))));
            assertTrue(second > first, "LSNs grow");
            int rotated = wal.rotate();
            wal.append(batch(3, WalOp.dropTable("t")));
            wal.sync();
            List<List<WalOp>> old = readAll(dir.resolve("wal.log." + rotated), cipher);
            assertEquals(2, old.size());
            assertEquals("a", old.get(0).get(0).key());
            assertEquals(WalOp.DELETE, old.get(1).get(1).type());
            List<List<WalOp>> active = readAll(dir.resolve("wal.log"), cipher);
            assertEquals(WalOp.DROP_TABLE, active.get(0).get(0).type());
            new RetainedSegments(DiskFileLayer.INSTANCE, dir, "wal.log", java.time.Duration.ZERO, 0)
                    .retireThrough(rotated, wal); // what a checkpoint does with retention off
            assertEquals(List.of(), RotatedSegment.pathsAmong(DiskFileLayer.INSTANCE.list(dir), "wal.log"));
        }
    }

    /**
     * A rotation whose second rename fails is undone: the old segment stays active and keeps the start revision the
     * log noted for it, so a later rotation notes it right and a retire that takes the log's list (no listing) moves
     * it into the history under that revision.
     */
    @Test
    void aRotationUndoneKeepsItsSegmentsStartRevisionForTheRetire() throws Exception {
        boolean[] failActivation = {false};
        FileLayer files = new ForwardingFileLayer(DiskFileLayer.INSTANCE) { // making a segment active can fail
            @Override
            public void moveAtomically(Path source, Path target) throws IOException {
                if (failActivation[0] && source.getFileName().toString().equals("wal.log.tmp")) {
                    throw new IOException("injected rename failure");
                }
                super.moveAtomically(source, target);
            }
        };
        RetainedSegments retained = new RetainedSegments(files, dir, "wal.log", java.time.Duration.ofDays(1), 1 << 30);
        try (WriteAheadLog wal = WriteAheadLog.open(files, dir, "wal.log", null, Durability.OS, 100, 0)) {
            wal.append(batch(1, WalOp.put("t", item("a", "1", 1), null)));
            retained.retireThrough(wal.rotate(), wal); // the first retire lists the directory
            wal.append(batch(2, WalOp.put("t", item("b", "2", 2), null)));
            failActivation[0] = true;
            assertThrows(StorageException.class, wal::rotate);
            failActivation[0] = false;
            wal.append(batch(3, WalOp.put("t", item("c", "3", 3), null)));
            retained.retireThrough(wal.rotate(), wal); // this one takes the log's list
            assertEquals(List.of(), RotatedSegment.pathsAmong(files.list(dir), "wal.log"));
            List<List<WalOp>> history = readAll(dir.resolve("changes/0000000000000000001.wal"), null);
            assertEquals(List.of("b", "c"), history.stream().map(ops -> ops.get(0).key()).toList());
        }
    }

    /**
     * A rotation runs under the database's commit lock: it takes the file made ahead instead of creating one (a
     * creation waits for the file system's journal), and that file holds the next records like any segment. A
     * close deletes a file made ahead that no rotation took.
     */
    @Test
    void aRotationTakesTheFileMadeAheadAndACloseLeavesNoneBehind() throws Exception {
        List<String> created = new ArrayList<>();
        FileLayer files = new ForwardingFileLayer(DiskFileLayer.INSTANCE) {
            @Override
            public StorageFile create(Path file) throws IOException {
                created.add(file.getFileName().toString());
                return super.create(file);
            }
        };
        try (WriteAheadLog wal = WriteAheadLog.open(files, dir, "wal.log", null, Durability.OS, 100, 0)) {
            wal.append(batch(1, WalOp.put("t", item("a", "1", 1), null)));
            created.clear();
            wal.prepareNextSegment();
            wal.prepareNextSegment(); // made once
            assertEquals(List.of("wal.log.next.tmp"), created);
            created.clear();
            int first = wal.rotate();
            assertEquals(List.of(), created, "the rotation made no file");
            wal.append(batch(2, WalOp.put("t", item("b", "2", 2), null)));
            int second = wal.rotate(); // nothing made ahead: the rotation makes its file itself
            assertEquals(List.of("wal.log.tmp"), created);
            wal.append(batch(3, WalOp.put("t", item("c", "3", 3), null)));
            wal.sync();
            assertEquals("a", readAll(dir.resolve("wal.log." + first), null).get(0).get(0).key());
            assertEquals("b", readAll(dir.resolve("wal.log." + second), null).get(0).get(0).key());
            assertEquals("c", readAll(dir.resolve("wal.log"), null).get(0).get(0).key());
            wal.prepareNextSegment();
            assertTrue(Files.exists(dir.resolve("wal.log.next.tmp")));
        }
        assertFalse(Files.exists(dir.resolve("wal.log.next.tmp")), "the close deleted the file no rotation took");
    }

    @Test
    void aFormatVersionOutsideTheReadableRangeIsRefusedByName() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(DiskFileLayer.INSTANCE, dir, "wal.log", null,
                Durability.OS, 100, 0)) {
            wal.append(batch(1, WalOp.put("t", item("a", "1", 1), null)));
        }
        Path file = dir.resolve("wal.log");
        byte[] original = Files.readAllBytes(file);
        for (int version : new int[] {WalFormat.VERSION + 1, WalFormat.MIN_READ_VERSION - 1}) {
            byte[] bumped = original.clone();
            bumped[4] = (byte) (version >>> 8);
            bumped[5] = (byte) version;
            int crc = Checksums.crc32c(bumped, 0, WalFormat.HEADER_BYTES - 4); // a well-formed header of another version
            bumped[WalFormat.HEADER_BYTES - 4] = (byte) (crc >>> 24);
            bumped[WalFormat.HEADER_BYTES - 3] = (byte) (crc >>> 16);
            bumped[WalFormat.HEADER_BYTES - 2] = (byte) (crc >>> 8);
            bumped[WalFormat.HEADER_BYTES - 1] = (byte) crc;
            CorruptionException e = assertThrows(CorruptionException.class,
                    () -> WalReader.read(file, bumped, null, b -> { }));
            assertTrue(e.getMessage().contains("unsupported WAL format version " + version)
                    && e.getMessage().contains("reads versions " + WalFormat.MIN_READ_VERSION + " to "
                    + WalFormat.VERSION), e.getMessage());
        }
        assertEquals(1, readAll(file, null).size(), "the current version reads");
    }

    /**
     * Under sync durability the log writes zeros ahead of its records (an fsync over written blocks commits no new
     * size to the file system's journal): they read as the segment's end, not damage, and the retire into the
     * history and close cut them off.
     */
    @Test
    void aSyncLogsZerosWrittenAheadReadAsItsEndAndAreCutAtRetireAndAtClose() throws Exception {
        Path active = dir.resolve("wal.log");
        RetainedSegments history = new RetainedSegments(DiskFileLayer.INSTANCE, dir, "wal.log",
                java.time.Duration.ofDays(1), 1L << 30);
        long records;
        try (WriteAheadLog wal = WriteAheadLog.open(DiskFileLayer.INSTANCE, dir, "wal.log", null, Durability.SYNC,
                100, 0)) {
            for (int i = 1; i <= 3; i++) {
                wal.awaitDurable(wal.append(batch(i, WalOp.put("t", item("k" + i, "1", i), null))));
            }
            long firstSegment = wal.activeSegmentBytes();
            assertTrue(Files.size(active) > WalPreallocation.MIN_CHUNK, "zeros written ahead");
            WalReader.Result read = WalReader.read(active, Files.readAllBytes(active), null, b -> { });
            assertEquals(3, read.records());
            assertEquals(null, read.damage(), "zeros after the last record are its end");
            assertEquals(firstSegment, read.validEnd());
            int rotated = wal.rotate();
            history.retireThrough(rotated, wal); // the first retire since open: it lists the directory
            Path retained = dir.resolve(RetainedSegments.DIRECTORY).resolve(String.format("%019d.wal", 0));
            assertEquals(firstSegment, Files.size(retained), "the history keeps the records, not the zeros");
            assertEquals(3, readAll(retained, null).size());
            for (int i = 4; i <= 2_000; i++) { // past the first chunk: the zeros grow with the segment
                wal.awaitDurable(wal.append(batch(i, WalOp.put("t", item("k" + i, "\"" + "v".repeat(40) + "\"", i),
                        null))));
            }
            records = wal.activeSegmentBytes();
            assertTrue(records > WalPreallocation.MIN_CHUNK, "records: " + records);
            assertTrue(Files.size(active) > records, "zeros still ahead of the records");
        }
        assertEquals(records, Files.size(active), "close cuts the zeros");
        assertEquals(1_997, readAll(active, null).size());
    }

    @Test
    void anEncryptedLogCannotBeReadWithoutItsKey() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(DiskFileLayer.INSTANCE, dir, "wal.log",
                new AesGcm(new byte[32]), Durability.SYNC, 100, 0)) {
            wal.awaitDurable(wal.append(batch(1, WalOp.put("t", item("a", "\"secret\"", 1), null))));
        }
        byte[] bytes = Files.readAllBytes(dir.resolve("wal.log"));
        assertThrows(dev.mikrodb.EncryptionKeyException.class,
                () -> WalReader.read(dir.resolve("wal.log"), bytes, null, b -> { }));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        WalReader.Result wrongKey = WalReader.read(dir.resolve("wal.log"), bytes, new AesGcm(otherKey), b -> { });
        assertEquals(0, wrongKey.records());
        assertTrue(wrongKey.damage().problem().contains("authentication"), "a record under another key never reads");
    }
}
