package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mikrodb.internal.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every store operation and its error paths, on a real directory. */
class MikroDBTest {
    @TempDir
    Path dir;
    /** Crash copies go here, never beside the test's directory. */
    @TempDir
    Path scratch;
    MikroDB db;

    @BeforeEach
    void open() {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private MikroDB reopen() {
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
        return db;
    }

    @Test
    void writeThenGetReturnsValueVersionAndTimestamp() {
        long before = System.currentTimeMillis();
        assertEquals(1, db.write("users", "user1", Map.of("name", "John")));
        Item item = db.get("users", "user1").orElseThrow();
        assertEquals("John", item.value().get("name").asText());
        assertEquals(1, item.version());
        assertTrue(item.timestamp() >= before);
        assertFalse(item.hasExpiration());
    }

    @Test
    void aValueNestedDeeperThanValuesAreReadBackIsRefusedAtWriteAndChangesNothing() {
        JsonNode deepest = nestedArrays(Json.MAX_NESTING_DEPTH);
        db.write("t", "ok", deepest);
        assertEquals(deepest, reopen().get("t", "ok").orElseThrow().value(), "256 levels are stored and read back");
        for (Object tooDeep : new Object[] {nestedArrays(Json.MAX_NESTING_DEPTH + 1), nestedMaps(300)}) {
            ValidationException e = assertThrows(ValidationException.class, () -> db.write("t", "deep", tooDeep));
            assertTrue(e.getMessage().contains("nested") && e.getMessage().contains("256"), e.getMessage());
        }
        assertFalse(db.get("t", "deep").isPresent());
        assertEquals(1, db.tableSize("t"));
        // Brackets inside a string are not nesting, escaped quotes and backslashes included.
        String text = "\"" + "[".repeat(1_000) + "\\\"" + "{".repeat(1_000) + "\\";
        db.write("t", "text", Map.of("text", text));
        assertEquals(text, db.get("t", "text").orElseThrow().value().get("text").asText());
    }

    private static JsonNode nestedArrays(int depth) {
        com.fasterxml.jackson.databind.node.ArrayNode top = Json.MAPPER.createArrayNode();
        com.fasterxml.jackson.databind.node.ArrayNode inner = top;
        for (int i = 1; i < depth; i++) {
            inner = inner.addArray();
        }
        return top;
    }

    private static Object nestedMaps(int depth) {
        Object value = 1;
        for (int i = 0; i < depth; i++) {
            value = Map.of("a", value);
        }
        return value;
    }

    @Test
    void eachWriteAddsOneToTheVersionAsInTheSeed() {
        db.write("users", "user1", Map.of("name", "John"));
        assertEquals(2, db.write("users", "user1", Map.of("name", "Jane")));
        Item item = db.get("users", "user1").orElseThrow();
        assertEquals(2, item.version());
        assertEquals("Jane", item.value().get("name").asText());
    }

    @Test
    void anyJsonValueCanBeStoredIncludingNull() {
        db.write("t", "string", "text");
        db.write("t", "number", 12.5);
        db.write("t", "array", List.of(1, 2, 3));
        db.write("t", "null", null);
        db.write(WriteRequest.builder("t", "json").jsonValue("{\"a\":[true,null]}").build());
        assertEquals("\"text\"", db.get("t", "string").orElseThrow().valueJson());
        assertEquals(12.5, db.get("t", "number").orElseThrow().value().asDouble());
        assertEquals(3, db.get("t", "array").orElseThrow().value().size());
        assertEquals(NullNode.getInstance(), db.get("t", "null").orElseThrow().value());
        assertEquals("{\"a\":[true,null]}", db.get("t", "json").orElseThrow().valueJson());
        reopen();
        assertEquals(NullNode.getInstance(), db.get("t", "null").orElseThrow().value());
    }

    @Test
    void itemValueIsACopyThatCannotChangeTheDatabase() {
        db.write("t", "k", Map.of("n", 1));
        Item item = db.get("t", "k").orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) item.value()).put("n", 99);
        assertEquals(1, db.get("t", "k").orElseThrow().value().get("n").asInt());
    }

    @Test
    void missingKeyAndMissingTableGiveEmpty() {
        assertEquals(Optional.empty(), db.get("nope", "k"));
        db.write("t", "k", 1);
        assertEquals(Optional.empty(), db.get("t", "other"));
        assertEquals(List.of(), db.getAll("nope"));
        assertFalse(Files.exists(dir.resolve("nope.tbl")), "a read must not create a table");
    }

    @Test
    void expectedVersionGuardsWrites() {
        assertEquals(1, db.write(WriteRequest.builder("t", "k").value("a").expectedVersion(0).build()));
        assertEquals(2, db.write(WriteRequest.builder("t", "k").value("b").expectedVersion(1).build()));
        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> db.write(WriteRequest.builder("t", "k").value("c").expectedVersion(1).build()));
        assertEquals(2, e.currentVersion());
        assertEquals(1, e.expectedVersion());
        assertEquals("\"b\"", db.get("t", "k").orElseThrow().valueJson());
        VersionConflictException missing = assertThrows(VersionConflictException.class,
                () -> db.write(WriteRequest.builder("t", "new").value("x").expectedVersion(3).build()));
        assertEquals(0, missing.currentVersion());
        assertFalse(db.get("t", "new").isPresent());
    }

    @Test
    void batchIsAllOrNothingAcrossTables() {
        db.write("a", "k1", 1);
        List<Long> versions = db.writeBatch(List.of(WriteRequest.of("a", "k1", 2), WriteRequest.of("b", "k2", 3),
                WriteRequest.of("a", "k1", 4)));
        assertEquals(List.of(2L, 1L, 3L), versions);
        assertEquals("4", db.get("a", "k1").orElseThrow().valueJson());

        assertThrows(VersionConflictException.class, () -> db.writeBatch(List.of(WriteRequest.of("a", "x", 1),
                WriteRequest.builder("b", "k2").value(9).expectedVersion(7).build())));
        assertFalse(db.get("a", "x").isPresent());
        assertEquals("3", db.get("b", "k2").orElseThrow().valueJson());

        ValidationException bad = assertThrows(ValidationException.class, () -> db.writeBatch(List.of(
                WriteRequest.of("c", "x", 1), WriteRequest.of("../evil", "x", 1))));
        assertTrue(bad.getMessage().contains("write 1 of the batch"), bad.getMessage());
        assertFalse(db.tableExists("c"));
        assertThrows(ValidationException.class, () -> db.writeBatch(List.of()));
        reopen();
        assertEquals("4", db.get("a", "k1").orElseThrow().valueJson());
        assertEquals(List.of("a", "b"), db.tables());
    }

    @Test
    void deleteRemovesAndHonoursExpectedVersion() {
        db.write("t", "k", 1);
        db.write("t", "k", 2);
        VersionConflictException e = assertThrows(VersionConflictException.class, () -> db.delete("t", "k", 1));
        assertEquals(2, e.currentVersion());
        assertTrue(db.get("t", "k").isPresent());
        assertTrue(db.delete("t", "k", 2));
        assertFalse(db.get("t", "k").isPresent());
        assertFalse(db.delete("t", "k"));
        assertFalse(db.delete("never", "k"));
        assertThrows(VersionConflictException.class, () -> db.delete("t", "k", 5));
        assertEquals(1, db.write("t", "k", 3), "a key written after deletion starts again at version 1");
    }

    @Test
    void tableSizeTablesAndDeleteTable() {
        db.write("users", "a", 1);
        db.write("users", "b", 1);
        db.write("orders", "o", 1);
        assertEquals(2, db.tableSize("users"));
        assertEquals(0, db.tableSize("unknown"));
        assertEquals(List.of("orders", "users"), db.tables());
        db.flush();
        assertTrue(Files.exists(dir.resolve("users.tbl")));
        assertTrue(db.deleteTable("users"));
        assertFalse(Files.exists(dir.resolve("users.tbl")));
        assertFalse(db.tableExists("users"));
        assertFalse(db.deleteTable("users"));
        assertEquals(List.of("orders"), db.tables());
        reopen();
        assertEquals(List.of("orders"), db.tables());
        assertFalse(db.get("users", "a").isPresent());
    }

    @Test
    void deletedTableStaysDeletedAfterCrashReplay() throws Exception {
        db.write("users", "a", 1);
        db.flush(); // users.tbl holds "a"; the drop and "c" exist only in the WAL
        db.write("users", "b", 2);
        db.deleteTable("users");
        db.write("users", "c", 3);
        Path crashed = scratch.resolve("crashed");
        FaultInjectionTest.crashCopy(dir, crashed); // what a SIGKILL now would leave: nothing was checkpointed
        assertTrue(Files.size(crashed.resolve("wal.log")) > 100, "the drop and the rewrite are only in the WAL");
        try (MikroDB recovered = MikroDB.open(MikroOptions.builder().databaseDirectory(crashed).build())) {
            assertEquals(List.of("c"), recovered.getAll("users").stream().map(Item::key).toList());
        }
    }

    @Test
    void invalidNamesAndKeysAreRejectedAndCreateNothing() throws Exception {
        for (String bad : new String[] {"", ".", "..", "../x", "a/b", "a\\b", "x".repeat(129), "sp ace", "nul\0"}) {
            ValidationException e = assertThrows(ValidationException.class, () -> db.write(bad, "k", 1), bad);
            assertTrue(e.getMessage().startsWith("table name"), e.getMessage());
            assertThrows(ValidationException.class, () -> db.get(bad, "k"));
        }
        assertThrows(ValidationException.class, () -> db.write("t", "", 1));
        assertThrows(ValidationException.class, () -> db.write("t", null, 1));
        assertThrows(ValidationException.class, () -> db.write("t", "\ud800", 1));
        assertThrows(ValidationException.class, () -> db.write("t", "k".repeat(1025), 1));
        assertThrows(ValidationException.class,
                () -> db.write(WriteRequest.builder("t", "k").value(1).expectedVersion(-1).build()));
        assertThrows(ValidationException.class, () -> WriteRequest.builder("t", "k").build());
        assertThrows(ValidationException.class, () -> WriteRequest.builder("t", "k").jsonValue("{oops"));
        db.flush();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tbl")).toList());
        }
        assertEquals(List.of(), db.tables());
        assertEquals(1, db.write("x".repeat(128), "k", 1), "128 characters is still a valid name");
    }

    /** A get checks names only when its lookup misses (PointReads): bad keys must still be told apart from absent. */
    @Test
    void getsOfInvalidKeysAreRejectedWhetherTheTableIsLoadedOrNot() throws Exception {
        db.write("loaded", "k", 1);
        for (String table : new String[] {"loaded", "nosuchtable"}) {
            assertEquals("key is missing",
                    assertThrows(ValidationException.class, () -> db.get(table, null)).getMessage());
            assertEquals("key must not be empty",
                    assertThrows(ValidationException.class, () -> db.get(table, "")).getMessage());
            assertTrue(assertThrows(ValidationException.class, () -> db.get(table, "a\ud800")).getMessage()
                    .contains("unpaired surrogate"));
            assertTrue(assertThrows(ValidationException.class, () -> db.get(table, "k".repeat(1025))).getMessage()
                    .startsWith("key is longer than"));
            assertEquals(Optional.empty(), db.get(table, "absent"));
        }
        assertTrue(db.get("loaded", "k").isPresent());
        assertTrue(assertThrows(ValidationException.class, () -> db.get("a~b", "k")).getMessage()
                .startsWith("table name"), "another database's table is not reachable by naming it");
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build()); // "loaded" now read from files
        assertTrue(assertThrows(ValidationException.class, () -> db.get("loaded", "a\ud800")).getMessage()
                .contains("unpaired surrogate"));
        assertEquals(1, db.get("loaded", "k").orElseThrow().value().asInt());
    }

    @Test
    void everyTableNameIsCheckedAndQualifiedWhicheverNameCameBefore() {
        // A store keeps the last name it resolved: alternate names, views and invalid names around valid ones.
        MikroStore inv = db.inDatabase("inv");
        db.write("t1", "k", "default t1");
        db.write("t2", "k", "default t2");
        inv.write("t1", "k", "inv t1");
        for (int round = 0; round < 3; round++) {
            String t1 = new String("t1"); // a new object each round, equal to the last one
            assertEquals("default t1", db.get(t1, "k").orElseThrow().value().asText());
            assertEquals("inv t1", inv.get(t1, "k").orElseThrow().value().asText());
            assertEquals("default t2", db.get("t2", "k").orElseThrow().value().asText());
            assertEquals(Optional.empty(), inv.get("t2", "k"));
            assertTrue(assertThrows(ValidationException.class, () -> db.get("inv~t1", "k")).getMessage()
                    .startsWith("table name"));
            assertTrue(assertThrows(ValidationException.class, () -> inv.get("a/b", "k")).getMessage()
                    .startsWith("table name"));
            assertEquals("table name is missing",
                    assertThrows(ValidationException.class, () -> db.get(null, "k")).getMessage());
            assertEquals("inv t1", inv.get("t1", "k").orElseThrow().value().asText());
        }
    }

    @Test
    void dumpWritesPlainJsonPerTable() throws Exception {
        db.write("users", "u2", Map.of("name", "B"));
        db.write("users", "u1", Map.of("name", "A"));
        db.write("other", "o", 1);
        assertEquals(List.of("users_dump.json"), db.dump("users"));
        JsonNode dump = Json.MAPPER.readTree(dir.resolve("users_dump.json").toFile());
        assertEquals(2, dump.size());
        assertEquals("u1", dump.get(0).get("key").asText());
        assertEquals("A", dump.get(0).get("value").get("name").asText());
        assertEquals(1, dump.get(0).get("version").asLong());
        assertEquals(List.of("other_dump.json", "users_dump.json"), db.dump(null));
        assertThrows(ValidationException.class, () -> db.dump("missing"));
    }

    @Test
    void closedStoreRefusesWork() {
        db.close();
        assertThrows(DatabaseClosedException.class, () -> db.get("t", "k"));
        assertThrows(DatabaseClosedException.class, () -> db.write("t", "k", 1));
        db.close(); // idempotent
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        StorageException e = assertThrows(StorageException.class,
                () -> MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build()));
        assertTrue(e.getMessage().contains("already open"), e.getMessage());
    }

    @Test
    void flushWalAndFlushKeepEverything() {
        for (int i = 0; i < 250; i++) {
            db.write("t", "k" + i, i);
        }
        db.flushWAL();
        db.flush();
        reopen();
        assertEquals(250, db.tableSize("t"));
        assertEquals("249", db.get("t", "k249").orElseThrow().valueJson());
    }

    @Test
    void tablesLoadLazilyAndTheLeastRecentlyUsedAreEvictedAfterACheckpoint() throws Exception {
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxLoadedTables(2)
                .walIntervalMillis(60_000).maxWriteOpsBeforeFlush(1_000_000).build());
        for (String t : List.of("a", "b", "c")) {
            db.write(t, "k", t); // each table is dirty when it is created
        }
        assertEquals(2, db.loadedTableCount(), "only the two most recently used stay loaded");
        assertTrue(Files.exists(dir.resolve("a.tbl")), "the dirty victim was checkpointed before eviction");
        assertEquals("\"a\"", db.get("a", "k").orElseThrow().valueJson());
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxLoadedTables(2).build());
        assertEquals(0, db.loadedTableCount(), "nothing is loaded at open");
        assertEquals(List.of("a", "b", "c"), db.tables(), "listing tables loads none");
        assertEquals(0, db.loadedTableCount());
        assertEquals("\"b\"", db.get("b", "k").orElseThrow().valueJson());
        assertEquals(0, db.loadedTableCount(), "a point read is answered from the table's files");
        assertEquals(1, db.tableSize("b"));
        assertEquals(1, db.loadedTableCount(), "anything more loads the table");
    }

    @Test
    void theByteLimitEvictsTooButNeverTheTableInUse() {
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxCacheBytes(50_000).build());
        String big = "x".repeat(1000);
        for (String t : List.of("t1", "t2", "t3")) {
            for (int i = 0; i < 40; i++) {
                db.write(t, "k" + i, big); // about 45 KB per table
            }
        }
        assertEquals(1, db.loadedTableCount(), "each table alone nearly fills the byte limit");
        for (String t : List.of("t1", "t2", "t3")) {
            assertEquals(40, db.tableSize(t));
            assertEquals(1, db.loadedTableCount());
        }
    }

    @Test
    void aTableLargerThanTheByteLimitStaysLoadedWhileItIsWrittenInsteadOfBeingReloadedEachTime() {
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxCacheBytes(20_000).build());
        String big = "x".repeat(1000);
        for (int i = 0; i < 60; i++) {
            db.write("big", "k" + i, big); // about 66 KB: past the limit from the 18th write on
        }
        db.write("small", "k", 1); // now "big" is not the table in use: it goes
        assertEquals(1, db.loadedTableCount());
        assertTrue(db.tableInMemory(null, "small"));
        for (int i = 0; i < 60; i++) {
            db.write("big", "k" + i, big);
        }
        MikroStats.Cache cache = db.stats().cache();
        // "big" went once (for "small"), then "small" once (for "big"): not once per write of "big"
        assertEquals(2, cache.evictions(), cache.toString());
        assertTrue(db.tableInMemory(null, "big"));
        assertEquals(60, db.tableSize("big"));
    }

    @Test
    void aCustomWalFileNameIsUsedAndRecovered() throws Exception {
        db.close();
        Path custom = dir.resolve("custom");
        MikroOptions options = MikroOptions.builder().databaseDirectory(custom).walFileName("journal.log")
                .walIntervalMillis(60_000).maxWriteOpsBeforeFlush(1_000_000).build();
        db = MikroDB.open(options);
        db.write("t", "k", 1);
        assertTrue(Files.size(custom.resolve("journal.log")) > 20, "the record went to the named WAL");
        assertFalse(Files.exists(custom.resolve("wal.log")));
        FaultInjectionTest.crashCopy(custom, dir.resolve("crashed"));
        try (MikroDB recovered = MikroDB.open(options.toBuilder().databaseDirectory(dir.resolve("crashed")).build())) {
            assertEquals("1", recovered.get("t", "k").orElseThrow().valueJson());
        }
    }

    @Test
    void asyncModeHandsTheBufferToTheOsEveryMaxWriteOpsBeforeFlush() throws Exception {
        db.close();
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).durability(Durability.ASYNC)
                .maxWriteOpsBeforeFlush(5).walIntervalMillis(60_000).build());
        for (int i = 0; i < 4; i++) {
            db.write("t", "k" + i, i);
        }
        assertEquals(0, sizeAfterCrash("four"), "four writes stay buffered in memory: a crash now loses them");
        db.write("t", "k4", 4);
        // The fifth write also asks for a checkpoint, which runs in the background; copying the directory while it
        // renames and deletes files would not be a crash image, so the copy waits for it.
        ChangeEventsTest.await(() -> db.stats(false).storage().checkpoints() >= 1);
        assertEquals(5, sizeAfterCrash("five"), "the fifth writes the buffer out to the OS");
        db.write("t", "k5", 5);
        db.flushWAL();
        assertEquals(6, sizeAfterCrash("six"), "flushWAL writes out the rest");
    }

    /** The size of table t in what a SIGKILL at this instant would leave behind. */
    private long sizeAfterCrash(String name) {
        Path copy = scratch.resolve(name);
        FaultInjectionTest.crashCopy(dir, copy);
        try (MikroDB crashed = MikroDB.open(MikroOptions.builder().databaseDirectory(copy).build())) {
            return crashed.tableSize("t");
        }
    }

    @Test
    void valueAsMapsToJavaTypes() {
        record User(String name, int age) {
        }
        db.write("users", "u", new User("Ada", 36));
        assertEquals(new User("Ada", 36), db.get("users", "u").orElseThrow().valueAs(User.class));
    }
}
