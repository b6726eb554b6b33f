package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.EncryptionKeyException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format-3 table files: whole decoding and point lookups agree with what was encoded, and damage never reads back. */
class TableFileTest {
    @TempDir
    Path dir;

    private static List<StoredItem> items(int count) {
        List<StoredItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new StoredItem("key-" + i + (i % 7 == 0 ? "-ü" : ""), ("{\"n\":" + i + "}")
                    .getBytes(StandardCharsets.UTF_8), i + 1, 1000 + i, i % 5 == 0 ? 9_000_000 : 0, i, i + 2));
        }
        return items;
    }

    private static Map<String, Object> decode(Path file, byte[] data, AesGcm cipher) {
        Map<String, Object> entries = new LinkedHashMap<>();
        TableFile.decode(file, "t", data, cipher, new TableFile.Sink() {
            @Override
            public void item(StoredItem item) {
                entries.put(item.key(), item);
            }

            @Override
            public void tombstone(String key) {
                entries.put(key, "removed");
            }
        });
        return entries;
    }

    private static void assertSameItem(StoredItem expected, StoredItem actual) {
        assertEquals(expected.key(), actual.key());
        assertArrayEquals(expected.value(), actual.value());
        assertEquals(List.of(expected.version(), expected.timestamp(), expected.expiration(),
                expected.createRevision(), expected.modRevision()), List.of(actual.version(), actual.timestamp(),
                actual.expiration(), actual.createRevision(), actual.modRevision()));
    }

    @Test
    void everyEntryDecodesAndIsFoundByItsKeyPlainAndEncrypted() throws Exception {
        for (AesGcm cipher : new AesGcm[] {null, new AesGcm(new byte[32])}) {
            List<StoredItem> items = items(1000);
            List<String> removed = List.of("gone-1", "gone-2", "gone-3");
            byte[] data = TableFile.encode("t", 5, 77, true, items.subList(0, 990), removed, cipher);
            Path file = Files.write(dir.resolve(cipher == null ? "plain.delta" : "enc.delta"), data);
            Map<String, Object> decoded = decode(file, data, cipher);
            assertEquals(993, decoded.size());
            try (TableFileLookup lookup = TableFileLookup.open(DiskFileLayer.INSTANCE, file, "t", cipher)) {
                assertEquals(new TableFile.Header(5, 77, true, 993), lookup.header());
                for (StoredItem i : items.subList(0, 990)) {
                    if (!removed.contains(i.key())) {
                        assertSameItem(i, (StoredItem) decoded.get(i.key()));
                        assertSameItem(i, lookup.find(i.key()));
                    }
                }
                for (String k : removed) {
                    assertSame(TableFileLookup.REMOVED, lookup.find(k));
                }
                for (StoredItem i : items.subList(990, 1000)) {
                    assertNull(lookup.find(i.key()), "never written: " + i.key());
                }
            }
        }
    }

    @Test
    void anEmptyFileHasOneEmptyBucket() throws Exception {
        byte[] data = TableFile.encode("t", 1, 1, false, List.of(), List.of(), null);
        Path file = Files.write(dir.resolve("t.tbl"), data);
        assertEquals(0, decode(file, data, null).size());
        try (TableFileLookup lookup = TableFileLookup.open(DiskFileLayer.INSTANCE, file, "t", null)) {
            assertNull(lookup.find("anything"));
        }
    }

    /** Every single-bit flip anywhere in a file is reported by a whole decode, and never read back as data. */
    @Test
    void everyFlippedBitIsReportedAndNoLookupReturnsWrongData() throws Exception {
        for (AesGcm cipher : new AesGcm[] {null, new AesGcm(new byte[32])}) {
            List<StoredItem> items = items(70); // three buckets
            byte[] good = TableFile.encode("t", 1, 1, false, items, List.of(), cipher);
            Path file = dir.resolve("t.tbl");
            for (int at = 0; at < good.length; at++) {
                byte[] bad = good.clone();
                bad[at] ^= (byte) (1 << (at % 8));
                Files.write(file, bad);
                try {
                    decode(file, bad, cipher);
                    fail("a flip at byte " + at + " of " + good.length + " decoded");
                } catch (CorruptionException | EncryptionKeyException expected) {
                    // reported
                }
                TableFileLookup lookup;
                try {
                    lookup = TableFileLookup.open(DiskFileLayer.INSTANCE, file, "t", cipher);
                } catch (CorruptionException | EncryptionKeyException expected) {
                    continue; // reported
                }
                if (lookup == null) {
                    continue; // the version now reads 2: such a file is only ever decoded whole, as above
                }
                try (lookup) {
                    for (StoredItem i : items) {
                        try {
                            StoredItem found = lookup.find(i.key());
                            if (found == null) {
                                fail("a flip at byte " + at + " lost " + i.key() + " without an error");
                            }
                            assertSameItem(i, found); // the flip was in a bucket this read does not need
                        } catch (CorruptionException expected) {
                            // reported
                        }
                    }
                }
            }
        }
    }

    @Test
    void aBucketCopiedOverAnotherFailsAuthentication() throws Exception {
        AesGcm cipher = new AesGcm(new byte[32]);
        byte[] data = TableFile.encode("t", 1, 1, false, items(64), List.of(), cipher); // two buckets
        byte[] other = TableFile.encode("u", 1, 1, false, items(64), List.of(), cipher);
        Path file = Files.write(dir.resolve("t.tbl"), other);
        try {
            decode(file, other, cipher); // the stem differs: "u"'s file under "t"'s name
            fail("a file of another table decoded");
        } catch (CorruptionException expected) {
            // reported
        }
        assertEquals(64, decode(Files.write(file, data), data, cipher).size());
    }

    @Test
    void aFileWrittenInRunsIsTheFileEncodedWhole() throws Exception {
        List<StoredItem> items = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // about 2.5 MB: several of the writer's 1 MiB runs
            items.add(new StoredItem("key-" + i, ("{\"pad\":\"" + "x".repeat(100) + "\",\"n\":" + i + "}")
                    .getBytes(StandardCharsets.UTF_8), 1, 2, 0, 3, 4));
        }
        List<String> removed = List.of("gone-1", "gone-2");
        Path plain = dir.resolve("plain.delta");
        TableFileWriter writer = new TableFileWriter();
        long length = writer.writeAtomically(DiskFileLayer.INSTANCE, plain, "t", 7, 9, true, items, removed, null);
        byte[] whole = TableFile.encode("t", 7, 9, true, items, removed, null);
        assertEquals(whole.length, length);
        assertArrayEquals(whole, Files.readAllBytes(plain), "the runs' offsets, checksums and index are the same");

        AesGcm cipher = new AesGcm(new byte[32]);
        Path sealed = dir.resolve("sealed.delta");
        writer.writeAtomically(DiskFileLayer.INSTANCE, sealed, "t", 7, 9, true, items, removed, cipher);
        Map<String, Object> read = decode(sealed, Files.readAllBytes(sealed), cipher);
        assertEquals(items.size() + removed.size(), read.size());
        for (StoredItem item : items) {
            assertSameItem(item, (StoredItem) read.get(item.key()));
        }
        assertEquals("removed", read.get("gone-2"));

        // past the entries a writer keeps arrays for (a large base): they are let go after the file
        List<StoredItem> many = new ArrayList<>();
        for (int i = 0; i < TableFile.Buffers.KEPT_ENTRIES + 10; i++) {
            many.add(new StoredItem("m" + i, "1".getBytes(StandardCharsets.UTF_8), 1, 2, 0, 3, 4));
        }
        Path large = dir.resolve("large.tbl");
        writer.writeAtomically(DiskFileLayer.INSTANCE, large, "t", 6, 9, false, many, List.of(), null);
        assertEquals(many.size(), decode(large, Files.readAllBytes(large), null).size());

        // the writer's buffers, grown by the files above, leave nothing of them in a small one written after
        Path small = dir.resolve("small.delta");
        writer.writeAtomically(DiskFileLayer.INSTANCE, small, "t", 8, 10, true, items.subList(0, 40), List.of(), null);
        assertArrayEquals(TableFile.encode("t", 8, 10, true, items.subList(0, 40), List.of(), null),
                Files.readAllBytes(small));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(), listing.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temp left");
        }
    }

    /**
     * Format 3's bytes for a fixed set of entries (keys in Cyrillic, Latin-1 and outside the BMP among ASCII ones, and
     * tombstones): files written by earlier builds must read the same, and a change of the encoder must not change
     * them. The digest was taken from the encoder before it stopped making a UTF-8 array per key.
     */
    @Test
    void formatThreeEncodesAFixedSetToTheSameBytes() throws Exception {
        List<StoredItem> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String key = i % 7 == 0 ? "ключ-" + i : (i % 11 == 0 ? "k\u00e9y" + i : "user" + i);
            items.add(new StoredItem(key, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), i, 1000 + i, i % 3,
                    2 + i, 3 + i));
        }
        List<String> removed = List.of("gone", "стер", "\uD83D\uDE00");
        byte[] whole = TableFile.encode("t", 5, 9, true, items, removed, null);
        assertEquals(6292, whole.length);
        assertEquals("39c5e0589978a8dfe2cbf312a8dfe93a86e8ab219de4903cf9480a90b38ad8fe",
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(whole)));
        Path file = dir.resolve("fixed.delta");
        new TableFileWriter().writeAtomically(DiskFileLayer.INSTANCE, file, "t", 5, 9, true, items, removed, null);
        assertArrayEquals(whole, Files.readAllBytes(file));

        // Keys past the encoder's key buffer are encoded from their strings, with the same bytes: limits that hold
        // none of the keys, some, and all.
        int allKeyBytes = 0;
        for (StoredItem item : items) {
            allKeyBytes += 2 + item.key().getBytes(StandardCharsets.UTF_8).length;
        }
        for (int limit : new int[] {0, 700, allKeyBytes + 8, 1 << 20}) {
            TableFile.Buffers buffers = new TableFile.Buffers(limit);
            java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
            for (int round = 0; round < 2; round++) { // the second time on buffers the first one left behind
                encoded.reset();
                TableFile.encodeTo((bytes, length) -> encoded.write(bytes, 0, length), 4096, buffers, "t", 5, 9, true,
                        items, removed, null);
                assertArrayEquals(whole, encoded.toByteArray(), "key buffer of " + limit + " bytes, round " + round);
            }
        }
    }
}
