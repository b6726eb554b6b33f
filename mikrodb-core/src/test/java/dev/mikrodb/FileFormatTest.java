package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes files written by the engine with a parser written from docs/file-format.md alone, so the document and
 * the code cannot drift apart unnoticed.
 */
class FileFormatTest {
    @TempDir
    Path dir;

    private static int crc(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    private static String utf8(ByteBuffer b, int length) {
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The scrypt salt of an encrypted database's metadata (docs/file-format.md). */
    static byte[] metaSalt(Path db) throws java.io.IOException {
        return java.util.Arrays.copyOfRange(Files.readAllBytes(db.resolve("mikrodb.meta")), 12, 28);
    }

    /** The nonce prefix in the header of the active WAL segment. */
    static byte[] walNoncePrefix(Path db) throws java.io.IOException {
        return java.util.Arrays.copyOfRange(Files.readAllBytes(db.resolve("wal.log")), 8, 16);
    }

    /** The nonce prefix of an encrypted table file (its buckets' nonces are this and the bucket number). */
    static byte[] tableNonce(Path db, String table) throws java.io.IOException {
        return java.util.Arrays.copyOfRange(Files.readAllBytes(db.resolve(table + ".tbl")), 32, 40);
    }

    /** One table-file entry, decoded by the layout of docs/file-format.md. */
    private static String entry(ByteBuffer t) {
        int kind = t.get();
        String key = utf8(t, t.getShort());
        if (kind == 2) {
            return "tombstone " + key;
        }
        assertEquals(1, kind);
        long version = t.getLong();
        assertTrue(t.getLong() > 0, "timestamp");
        long expiration = t.getLong();
        long createRevision = t.getLong();
        long modRevision = t.getLong();
        return key + " v" + version + " exp" + expiration + " rev" + createRevision + "/" + modRevision + " "
                + utf8(t, t.getInt());
    }

    /**
     * A table file's header fields and entries, checking magic, version, checksums, that the index covers the
     * buckets back to back, and that each key sits in the bucket its hash names.
     */
    static List<String> tableFile(byte[] file, boolean delta) {
        ByteBuffer t = ByteBuffer.wrap(file);
        assertEquals(0x4D4B5442, t.getInt());
        assertEquals(3, t.getShort());
        assertEquals(delta ? 2 : 0, t.getShort());
        List<String> out = new ArrayList<>();
        out.add("seq " + t.getLong() + " rev " + t.getLong());
        int count = t.getInt();
        int buckets = t.getInt();
        assertEquals(0L, t.getLong(), "a plain file's nonce prefix is zero");
        assertEquals(crc(file, 0, 40), t.getInt(), "header checksum");
        int index = file.length - 4 - 12 * buckets;
        assertEquals(crc(file, index, index + 12 * buckets), ByteBuffer.wrap(file, file.length - 4, 4).getInt());
        long next = 44;
        for (int b = 0; b < buckets; b++) {
            ByteBuffer entry = ByteBuffer.wrap(file, index + 12 * b, 12);
            long offset = entry.getLong();
            int length = entry.getInt();
            assertEquals(next, offset, "buckets follow each other");
            assertEquals(crc(file, (int) offset, (int) offset + length), ByteBuffer.wrap(file, (int) offset + length, 4).getInt());
            ByteBuffer bucket = ByteBuffer.wrap(file, (int) offset, length);
            while (bucket.hasRemaining()) {
                String e = entry(bucket);
                String key = e.startsWith("tombstone ") ? e.substring(10) : e.substring(0, e.indexOf(' '));
                assertEquals(b, Integer.toUnsignedLong(crc(key.getBytes(StandardCharsets.UTF_8), 0,
                        key.getBytes(StandardCharsets.UTF_8).length)) % buckets, "bucket of " + key);
                out.add(e);
            }
            next = offset + length + 4;
        }
        assertEquals(index, next, "the index follows the last bucket");
        assertEquals(count, out.size() - 1);
        return out;
    }

    @Test
    void aTableSpreadsOverBucketsOfAboutThirtyTwoEntries() throws Exception {
        Path live = dir.resolve("buckets");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).build())) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "key" + i, i);
            }
        }
        byte[] file = Files.readAllBytes(live.resolve("t.tbl"));
        assertEquals(4, ByteBuffer.wrap(file, 28, 4).getInt(), "ceil(100 / 32) buckets");
        List<String> entries = tableFile(file, false);
        assertEquals(101, entries.size());
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).build())) {
            for (int i = 0; i < 100; i++) {
                assertEquals(String.valueOf(i), db.get("t", "key" + i).orElseThrow().valueJson());
            }
        }
    }

    @Test
    void metaWalAndTableFilesFollowTheDocumentedLayout() throws Exception {
        Path live = dir.resolve("db");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).build())) {
            List<WriteRequest> first = new ArrayList<>();
            first.add(WriteRequest.builder("users", "u1").value(Map.of("n", 1)).expiration(4_102_444_800_000L)
                    .build());
            for (int i = 10; i < 30; i++) {
                first.add(WriteRequest.of("users", "f" + i, i)); // enough that a change is a delta, not a new base
            }
            db.writeBatch(first); // revision 1
            db.flush(); // users.tbl: a base
            db.writeBatch(List.of(WriteRequest.of("users", "u2", "two"), WriteRequest.of("logs", "l", 3))); // 2
            db.write("users", "u2", "2nd"); // revision 3
            db.delete("users", "u1"); // revision 4
            FaultInjectionTest.crashCopy(live, dir.resolve("image"));
            db.flush(); // users+2.delta, logs.tbl
            FaultInjectionTest.crashCopy(live, dir.resolve("image2"));
        }
        Path image = dir.resolve("image");

        byte[] meta = Files.readAllBytes(image.resolve("mikrodb.meta"));
        assertEquals(12, meta.length);
        ByteBuffer m = ByteBuffer.wrap(meta);
        assertEquals(0x4D4B4442, m.getInt());
        assertEquals(1, m.getShort());
        assertEquals(0, m.getShort());
        assertEquals(crc(meta, 0, 8), m.getInt());

        byte[] wal = Files.readAllBytes(image.resolve("wal.log"));
        ByteBuffer w = ByteBuffer.wrap(wal);
        assertEquals(0x4D4B574C, w.getInt());
        assertEquals(2, w.getShort());
        assertEquals(0, w.getShort());
        w.position(16);
        assertEquals(1, w.getLong(), "the segment started after revision 1 (the flush rotated it)");
        assertEquals(crc(wal, 0, 24), w.getInt());
        List<String> ops = new ArrayList<>();
        while (w.hasRemaining()) {
            int length = w.getInt();
            assertEquals(crc(ByteBuffer.allocate(4).putInt(length).array(), 0, 4), w.getInt());
            int payloadCrc = w.getInt();
            int start = w.position();
            assertEquals(crc(wal, start, start + length), payloadCrc);
            long revision = w.getLong();
            assertTrue(w.getLong() > 0, "timestamp");
            int count = w.getInt();
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int type = w.get();
                String table = utf8(w, w.getShort());
                String key = utf8(w, w.getInt());
                String op = switch (type) {
                    case 1 -> "put " + table + "/" + key + " v" + w.getLong() + " exp" + w.getLong() + " created"
                            + w.getLong() + " " + utf8(w, w.getInt());
                    case 2 -> "delete " + table + "/" + key;
                    case 3 -> "drop " + table;
                    default -> "expire " + table + "/" + key;
                };
                if (type != 3 && w.get() == 1) {
                    op += " (was v" + w.getLong();
                    w.getLong(); // timestamp
                    w.getLong(); // expiration
                    op += " rev" + w.getLong() + "/" + w.getLong() + " " + utf8(w, w.getInt()) + ")";
                }
                batch.add(op);
            }
            assertEquals(start + length, w.position());
            ops.add("r" + revision + ": " + String.join(" + ", batch));
        }
        assertEquals(List.of("r2: put users/u2 v1 exp0 created2 \"two\" + put logs/l v1 exp0 created2 3",
                "r3: put users/u2 v2 exp0 created2 \"2nd\" (was v1 rev2/2 \"two\")",
                "r4: delete users/u1 (was v1 rev1/1 {\"n\":1})"), ops);

        List<String> base = tableFile(Files.readAllBytes(image.resolve("users.tbl")), false);
        assertEquals(22, base.size());
        assertEquals(List.of("seq 1 rev 1", "f10 v1 exp0 rev1/1 10"), base.subList(0, 2), "sorted by key");
        assertEquals("u1 v1 exp4102444800000 rev1/1 {\"n\":1}", base.get(21));
        Path image2 = dir.resolve("image2");
        assertEquals(base, tableFile(Files.readAllBytes(image2.resolve("users.tbl")), false), "the base is unchanged");
        assertEquals(List.of("seq 2 rev 4", "u2 v2 exp0 rev2/3 \"2nd\"", "tombstone u1"),
                tableFile(Files.readAllBytes(image2.resolve("users+2.delta")), true));
        assertEquals(List.of("seq 1 rev 4", "l v1 exp0 rev2/2 3"),
                tableFile(Files.readAllBytes(image2.resolve("logs.tbl")), false));
    }

    @Test
    void encryptedMetaHoldsScryptParametersAndSalt() throws Exception {
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir.resolve("enc"))
                .encryptionKey("pw").build())) {
            db.write("t", "k", 1);
        }
        byte[] meta = Files.readAllBytes(dir.resolve("enc/mikrodb.meta"));
        assertEquals(92, meta.length);
        ByteBuffer m = ByteBuffer.wrap(meta);
        m.position(6);
        assertEquals(1, m.getShort());
        assertEquals(1, m.get());
        assertEquals(15, m.get());
        assertEquals(8, m.get());
        assertEquals(1, m.get());
        m.position(88);
        assertEquals(crc(meta, 0, 88), m.getInt());
        byte[] tbl = Files.readAllBytes(dir.resolve("enc/t.tbl"));
        assertEquals(1, ByteBuffer.wrap(tbl, 6, 2).getShort());
        assertEquals(44 + (1 + 2 + 1 + 40 + 4 + 1) + 16 + 4 + 12 + 4, tbl.length,
                "header, one bucket of one entry with its tag and checksum, the index and its checksum");
    }
}
