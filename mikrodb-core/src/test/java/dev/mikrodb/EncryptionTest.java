package dev.mikrodb;

import static dev.mikrodb.FaultInjectionTest.crashCopy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a key set, no key or value reaches disk in plaintext; a wrong, missing or extra key is refused at open. */
class EncryptionTest {
    private static final String SECRET_KEY = "customer-4711-secret-key";
    private static final String SECRET_VALUE = "plaintext-credit-card-4111111111111111";

    @TempDir
    Path root;

    private static MikroOptions options(Path dir, String key) {
        return MikroOptions.builder().databaseDirectory(dir).encryptionKey(key).walIntervalMillis(60_000)
                .maxWriteOpsBeforeFlush(1_000_000).build();
    }

    @Test
    void noPlaintextInAnyFileWhileRunningAfterACrashOrAfterClose() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir, "correct horse battery staple"))) {
            for (int i = 0; i < 20; i++) {
                db.write("secrets", SECRET_KEY + i, Map.of("card", SECRET_VALUE));
            }
            db.flush(); // table file written
            db.write("secrets", SECRET_KEY, Map.of("card", SECRET_VALUE)); // and in the WAL
            assertNoPlaintext(dir);
            crashCopy(dir, root.resolve("crashed"));
        }
        assertNoPlaintext(dir);
        assertNoPlaintext(root.resolve("crashed"));
        try (MikroDB db = MikroDB.open(options(root.resolve("crashed"), "correct horse battery staple"))) {
            assertEquals(21, db.tableSize("secrets"));
            assertEquals(SECRET_VALUE, db.get("secrets", SECRET_KEY).orElseThrow().value().get("card").asText());
        }
        assertNoPlaintext(root.resolve("crashed"));
    }

    @Test
    void killedEncryptedWriterLeavesNoPlaintextAndRecovers() throws Exception {
        Path dir = root.resolve("killed");
        long lastAck = CrashTest.runAndKill(dir, "enc", "os", 20, "passphrase", 200);
        // Markers long enough that random ciphertext cannot contain them by chance (a 2-byte key could).
        byte[] field = "\"pad\":\"pppppppppppppppppppp".getBytes(StandardCharsets.UTF_8);
        byte[] json = "{\"n\":".getBytes(StandardCharsets.UTF_8);
        for (Path p : Files.walk(dir).filter(Files::isRegularFile).toList()) { // changes/ too
            byte[] bytes = Files.readAllBytes(p);
            assertFalse(contains(bytes, field), p + " holds a plaintext value");
            assertFalse(contains(bytes, json), p + " holds plaintext JSON");
        }
        try (MikroDB db = MikroDB.open(options(dir, "passphrase"))) {
            CrashTest.verify(db, "enc", lastAck);
        }
    }

    @Test
    void wrongKeyFailsAtOpenAndModifiesNoFile() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir, "right"))) {
            db.write("t", "k", "v");
            crashCopy(dir, root.resolve("crashed"));
        }
        for (Path d : new Path[] {dir, root.resolve("crashed")}) {
            Map<String, byte[]> before = RecoveryTest.snapshot(d);
            EncryptionKeyException e = assertThrows(EncryptionKeyException.class,
                    () -> MikroDB.open(options(d, "wrong")));
            assertTrue(e.getMessage().contains("wrong encryption key"), e.getMessage());
            RecoveryTest.assertSnapshotEquals(before, RecoveryTest.snapshot(d));

            EncryptionKeyException missing = assertThrows(EncryptionKeyException.class,
                    () -> MikroDB.open(options(d, null)));
            assertTrue(missing.getMessage().contains("is encrypted"), missing.getMessage());
            RecoveryTest.assertSnapshotEquals(before, RecoveryTest.snapshot(d));
        }
        try (MikroDB db = MikroDB.open(options(root.resolve("crashed"), "right"))) {
            assertEquals("\"v\"", db.get("t", "k").orElseThrow().valueJson());
        }
    }

    @Test
    void keyForAPlainDatabaseIsRefused() throws Exception {
        Path dir = root.resolve("plain");
        try (MikroDB db = MikroDB.open(options(dir, null))) {
            db.write("t", "k", "v");
        }
        Map<String, byte[]> before = RecoveryTest.snapshot(dir);
        EncryptionKeyException e = assertThrows(EncryptionKeyException.class,
                () -> MikroDB.open(options(dir, "unexpected")));
        assertTrue(e.getMessage().contains("not encrypted"), e.getMessage());
        RecoveryTest.assertSnapshotEquals(before, RecoveryTest.snapshot(dir));
    }

    @Test
    void eachDatabaseGetsItsOwnSalt() throws Exception {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        for (Path d : new Path[] {a, b}) {
            try (MikroDB db = MikroDB.open(options(d, "same passphrase"))) {
                db.write("t", "k", "v");
            }
        }
        assertFalse(java.util.Arrays.equals(FileFormatTest.metaSalt(a), FileFormatTest.metaSalt(b)),
                "salts must differ");
    }

    @Test
    void withinOneDatabaseEveryTableWriteAndWalSegmentGetsItsOwnNonce() throws Exception {
        Path dir = root.resolve("nonces");
        java.util.Set<String> tableNonces = new java.util.HashSet<>();
        java.util.Set<String> walPrefixes = new java.util.HashSet<>();
        int writes = 0;
        try (MikroDB db = MikroDB.open(options(dir, "passphrase"))) {
            for (int round = 0; round < 5; round++) {
                walPrefixes.add(java.util.HexFormat.of().formatHex(FileFormatTest.walNoncePrefix(dir)));
                for (String table : new String[] {"a", "b"}) {
                    db.write(table, "k", "same value every time"); // identical plaintext, rewritten each round
                    db.flush();
                    tableNonces.add(java.util.HexFormat.of().formatHex(FileFormatTest.tableNonce(dir, table)));
                    writes++;
                }
            }
        }
        assertEquals(writes, tableNonces.size(), "a nonce reused across table writes under one key");
        assertTrue(walPrefixes.size() >= 5, "each WAL segment starts a fresh nonce prefix: " + walPrefixes);
    }

    @Test
    void tableFilesCannotBeSwappedBetweenTables() throws Exception {
        Path dir = root.resolve("db");
        try (MikroDB db = MikroDB.open(options(dir, "k"))) {
            db.write("a", "k", "from a");
            db.write("b", "k", "from b");
        }
        Files.copy(dir.resolve("a.tbl"), dir.resolve("b.tbl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (MikroDB db = MikroDB.open(options(dir, "k"))) {
            assertThrows(CorruptionException.class, () -> db.get("b", "k"));
        }
    }

    static void assertNoPlaintext(Path dir) throws Exception {
        for (Path p : Files.walk(dir).filter(Files::isRegularFile).toList()) { // changes/ too
            byte[] bytes = Files.readAllBytes(p);
            assertFalse(contains(bytes, SECRET_KEY.getBytes(StandardCharsets.UTF_8)), p + " holds a plaintext key");
            assertFalse(contains(bytes, SECRET_VALUE.getBytes(StandardCharsets.UTF_8)), p + " holds a plaintext value");
            assertFalse(contains(bytes, "card".getBytes(StandardCharsets.UTF_8)), p + " holds plaintext JSON");
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
