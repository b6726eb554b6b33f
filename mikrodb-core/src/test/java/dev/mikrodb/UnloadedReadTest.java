package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point reads of tables that are not loaded are answered from the table's files (one bucket per file), and always
 * agree with what a loaded table would answer: across base and delta files, tombstones, expiry, writes, drops,
 * evictions, encryption and damage.
 */
class UnloadedReadTest {
    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(1_700_000_000_000L);

    private MikroDB open(MikroOptions.Builder options) {
        return MikroDB.open(options.databaseDirectory(dir).clock(clock).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).build());
    }

    /** A base of 1,000 items, then a delta that rewrites 100, removes 50 and adds 10; returns the expected state. */
    private java.util.Map<String, String> baseAndDelta(MikroOptions.Builder options) {
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        try (MikroDB db = open(options)) {
            for (int i = 0; i < 1000; i++) {
                db.write("t", "k" + i, "v" + i);
                expected.put("k" + i, "\"v" + i + "\"");
            }
            db.flush();
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, "changed" + i);
                expected.put("k" + i, "\"changed" + i + "\"");
            }
            for (int i = 100; i < 150; i++) {
                db.delete("t", "k" + i);
                expected.remove("k" + i);
            }
            for (int i = 1000; i < 1010; i++) {
                db.write("t", "k" + i, "new" + i);
                expected.put("k" + i, "\"new" + i + "\"");
            }
        }
        assertTrue(Files.exists(dir.resolve("t+2.delta")), "the second checkpoint wrote a delta");
        return expected;
    }

    private static Optional<String> value(MikroDB db, String key) {
        return db.get("t", key).map(Item::valueJson);
    }

    @Test
    void readsAcrossBaseAndDeltaAgreeWithTheLoadedTableWithoutLoadingIt() {
        java.util.Map<String, String> expected = baseAndDelta(MikroOptions.builder());
        List<String> probes = List.of("k0", "k99", "k100", "k149", "k150", "k999", "k1000", "k1009", "absent");
        List<Optional<String>> unloaded = new ArrayList<>();
        try (MikroDB db = open(MikroOptions.builder())) {
            for (String k : probes) {
                unloaded.add(value(db, k));
            }
            assertFalse(db.tableInMemory(null, "t"), "point reads leave the table on disk");
            assertEquals(1010 - 50, db.tableSize("t"));
            assertTrue(db.tableInMemory(null, "t"));
            for (int i = 0; i < probes.size(); i++) {
                assertEquals(value(db, probes.get(i)), unloaded.get(i), probes.get(i));
                assertEquals(Optional.ofNullable(expected.get(probes.get(i))), unloaded.get(i), probes.get(i));
            }
        }
    }

    @Test
    void aTableIsLoadedAfterEnoughPointReads() {
        baseAndDelta(MikroOptions.builder());
        try (MikroDB db = open(MikroOptions.builder())) {
            int reads = 0;
            while (!db.tableInMemory(null, "t")) {
                assertEquals(Optional.of("\"v500\""), value(db, "k500"));
                assertTrue(++reads <= 100, "still not loaded after " + reads + " reads");
            }
            assertEquals(65, reads, "64 reads from the files, the 65th loads the table");
        }
    }

    @Test
    void writesAndDropsAreSeenByTheNextRead() {
        baseAndDelta(MikroOptions.builder());
        try (MikroDB db = open(MikroOptions.builder())) {
            assertEquals(Optional.of("\"v500\""), value(db, "k500"));
            db.write("t", "k500", "after");
            assertEquals(Optional.of("\"after\""), value(db, "k500"));
        }
        try (MikroDB db = open(MikroOptions.builder())) {
            assertEquals(Optional.of("\"after\""), value(db, "k500"));
            assertTrue(db.deleteTable("t"));
            assertEquals(Optional.empty(), value(db, "k500"));
            assertEquals(Optional.empty(), value(db, "k1"));
        }
    }

    @Test
    void anExpiredItemInTheFilesIsNotServedAndExpiresAsUsual() {
        List<ChangeEvent> expired = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MikroDB db = open(MikroOptions.builder())) {
            db.write(WriteRequest.builder("t", "soon").value("a").expiration(clock.millis() + 1000).build());
            db.write("t", "stays", "b");
        }
        clock.advance(1000);
        try (MikroDB db = open(MikroOptions.builder().listener(ChangeEvent.ITEM_EXPIRED, expired::add))) {
            assertEquals(Optional.of("\"b\""), db.get("t", "stays").map(Item::valueJson));
            assertEquals(Optional.empty(), db.get("t", "soon"));
            assertTrue(db.tableInMemory(null, "t"), "the expired item loaded its table");
        }
        assertEquals(List.of("soon"), expired.stream().map(ChangeEvent::key).toList());
    }

    @Test
    void encryptedTablesAnswerPointReadsToo() throws Exception {
        java.util.Map<String, String> expected = baseAndDelta(MikroOptions.builder().encryptionKey("pw"));
        try (MikroDB db = open(MikroOptions.builder().encryptionKey("pw"))) {
            for (String k : List.of("k0", "k120", "k700", "k1005")) {
                assertEquals(Optional.ofNullable(expected.get(k)), value(db, k), k);
            }
            assertFalse(db.tableInMemory(null, "t"));
        }
        byte[] base = Files.readAllBytes(dir.resolve("t.tbl"));
        assertFalse(new String(base, java.nio.charset.StandardCharsets.ISO_8859_1).contains("k700"),
                "no key in plaintext");
    }

    @Test
    void aDamagedBucketIsReportedByTheReadThatNeedsIt() throws Exception {
        baseAndDelta(MikroOptions.builder());
        Path base = dir.resolve("t.tbl");
        byte[] bytes = Files.readAllBytes(base);
        int at = indexOf(bytes, "\"v700\"");
        bytes[at + 2] ^= 0x01; // "v700" -> "w700": the checksum of its bucket no longer matches
        Files.write(base, bytes);
        try (MikroDB db = open(MikroOptions.builder())) {
            CorruptionException e = assertThrows(CorruptionException.class, () -> db.get("t", "k700"));
            assertTrue(e.file().endsWith("t.tbl") && e.getMessage().contains("checksum"), e.getMessage());
            assertThrows(CorruptionException.class, () -> db.tableSize("t"), "loading the table reports it too");
        }
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(needle + " not found");
    }

    /**
     * Two tables and room for one: they evict each other all the time, so reads go to files, then to a loaded table,
     * then to files again, while a writer rewrites a key. No read may go back in time, and every read after a write
     * was acknowledged sees it or a later one.
     */
    @Test
    void readsNeverGoBackInTimeWhileTablesAreWrittenEvictedAndReadFromFiles() throws Exception {
        try (MikroDB db = open(MikroOptions.builder().maxLoadedTables(1))) {
            db.write("a", "counter", 0);
            db.write("b", "counter", 0);
            AtomicLong acknowledged = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> {
                for (int i = 1; i <= 300 && failure.get() == null; i++) {
                    db.write("a", "counter", i);
                    acknowledged.set(i);
                    db.write("b", "counter", i); // loads b, evicting a (checkpointed first)
                }
            }));
            for (int r = 0; r < 2; r++) {
                threads.add(new Thread(() -> {
                    long last = 0;
                    try {
                        while (acknowledged.get() < 300 && failure.get() == null) {
                            long floor = acknowledged.get();
                            long seen = Long.parseLong(db.get("a", "counter").orElseThrow().valueJson());
                            if (seen < last || seen < floor) {
                                throw new AssertionError("read " + seen + " after " + last + " (acknowledged "
                                        + floor + ")");
                            }
                            last = seen;
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertEquals(Optional.of("300"), db.get("a", "counter").map(Item::valueJson));
        }
    }
}
