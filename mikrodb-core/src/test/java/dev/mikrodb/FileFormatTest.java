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

    /** The nonce of an encrypted table file's body. */
    static byte[] tableNonce(Path db, String table) throws java.io.IOException {
        return java.util.Arrays.copyOfRange(Files.readAllBytes(db.resolve(table + ".tbl")), 16, 28);
    }

    @Test
    void metaWalAndTableFilesFollowTheDocumentedLayout() throws Exception {
        Path live = dir.resolve("db");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).build())) {
            db.write(WriteRequest.builder("users", "u1").value(Map.of("n", 1)).expiration(4_102_444_800_000L)
                    .build());
            db.flush();
            db.writeBatch(List.of(WriteRequest.of("users", "u2", "two"), WriteRequest.of("logs", "l", 3)));
            db.delete("users", "u1");
            FaultInjectionTest.crashCopy(live, dir.resolve("image"));
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
        assertEquals(1, w.getShort());
        assertEquals(0, w.getShort());
        w.position(16);
        assertEquals(crc(wal, 0, 16), w.getInt());
        List<String> ops = new ArrayList<>();
        while (w.hasRemaining()) {
            int length = w.getInt();
            assertEquals(crc(ByteBuffer.allocate(4).putInt(length).array(), 0, 4), w.getInt());
            int payloadCrc = w.getInt();
            int start = w.position();
            assertEquals(crc(wal, start, start + length), payloadCrc);
            int count = w.getInt();
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int type = w.get();
                String table = utf8(w, w.getShort());
                String key = utf8(w, w.getInt());
                if (type == 1) {
                    long version = w.getLong();
                    w.getLong(); // timestamp
                    long expiration = w.getLong();
                    String value = utf8(w, w.getInt());
                    batch.add("put " + table + "/" + key + " v" + version + " exp" + expiration + " " + value);
                } else {
                    batch.add((type == 2 ? "delete " : "drop ") + table + "/" + key);
                }
            }
            assertEquals(start + length, w.position());
            ops.add(String.join(" + ", batch));
        }
        assertEquals(List.of("put users/u2 v1 exp0 \"two\" + put logs/l v1 exp0 3", "delete users/u1"), ops);

        byte[] table = Files.readAllBytes(image.resolve("users.tbl"));
        ByteBuffer t = ByteBuffer.wrap(table);
        assertEquals(0x4D4B5442, t.getInt());
        assertEquals(1, t.getShort());
        assertEquals(0, t.getShort());
        assertEquals(1, t.getInt());
        assertEquals(0, t.getInt());
        assertEquals("u1", utf8(t, t.getInt()));
        assertEquals(1, t.getLong());
        assertTrue(t.getLong() > 0);
        assertEquals(4_102_444_800_000L, t.getLong());
        assertEquals("{\"n\":1}", utf8(t, t.getInt()));
        assertEquals(table.length - 4, t.position());
        assertEquals(crc(table, 0, table.length - 4), t.getInt());
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
        assertEquals(16 + 12 + (4 + 1 + 24 + 4 + 1) + 16 + 4, tbl.length, "header, nonce, one entry, tag, crc");
    }
}
