package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases as isolated namespaces: names, collections, stats, the key-value view, and an atomic, durable drop. */
class DocumentDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void databaseNamesFollowTheRules() {
        try (MikroDB db = MikroDB.open(dir)) {
            for (String bad : new String[] {"", "9lives", "has space", "a~b", "admin", "config", "local",
                "x".repeat(65)}) {
                ValidationException e = assertThrows(ValidationException.class, () -> db.database(bad));
                assertTrue(e.getMessage().contains("database name"), e.getMessage());
            }
            assertEquals("ok_name-2", db.database("ok_name-2").name());
        }
    }

    @Test
    void databasesAreIsolatedNamespacesAndTheKeyValueApiReachesTheirCollections() throws Exception {
        try (MikroDB db = MikroDB.open(dir)) {
            db.write("users", "u1", Map.of("in", "default"));
            db.database("a").collection("users").insertOne(Map.of("_id", "u1", "in", "a"));
            db.database("b").collection("users").insertOne(Map.of("_id", "u1", "in", "b"));
            assertEquals(List.of("a", "b", "default"), db.databases());
            assertEquals(List.of("users"), db.tables(), "the default store lists only its own tables");
            assertEquals("a", db.inDatabase("a").get("users", "u1").orElseThrow().value().get("in").asText());
            assertEquals("default", db.get("users", "u1").orElseThrow().value().get("in").asText());
            assertThrows(ValidationException.class, () -> db.get("a~users", "u1"), "no reaching across by name");
            assertEquals(1, db.database("default").collection("users").count(null));

            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            Subscription s = db.inDatabase("a").subscribe(null, e -> {
                events.add(e);
                two.countDown();
            });
            try {
                db.write("users", "u2", 1); // another database: not delivered
                db.database("a").collection("users").updateOne("{\"_id\": \"u1\"}", "{\"$set\": {\"x\": 1}}");
                db.database("a").collection("logs").insertOne(Map.of("m", "hi"));
                assertTrue(two.await(10, TimeUnit.SECONDS));
            } finally {
                s.close();
            }
            assertEquals(List.of("users", "logs"), events.stream().map(ChangeEvent::table).toList());
        }
    }

    @Test
    void collectionsCanBeCreatedListedCountedAndDropped() {
        try (MikroDB db = MikroDB.open(dir)) {
            DocumentDatabase shop = db.database("shop");
            assertTrue(shop.createCollection("empty"));
            assertFalse(shop.createCollection("empty"));
            shop.collection("items").insertMany(List.of(Map.of("_id", "1", "n", 1), Map.of("_id", "2", "n", 2)));
            assertEquals(List.of("empty", "items"), shop.collections());
            DatabaseStats stats = shop.stats();
            assertEquals(2, stats.collections());
            assertEquals(2, stats.documents());
            assertTrue(stats.bytes() > 0);
            assertTrue(shop.dropCollection("empty"));
            assertFalse(shop.dropCollection("empty"));
            assertEquals(List.of("items"), shop.collections());
        }
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(List.of("items"), db.database("shop").collections(), "survives a restart");
        }
    }

    /**
     * A crash between the drop's WAL record and the deletion of the files (here: deletions fail) still drops every
     * collection at the next open; a crash before the record keeps every one. Never some of them.
     */
    @Test
    void droppingADatabaseIsAtomicAndDurable() throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        Path before = dir.resolveSibling(dir.getFileName() + "-before");
        Path after = dir.resolveSibling(dir.getFileName() + "-after");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build(), files)) {
            DocumentDatabase inv = db.database("inv");
            for (String c : new String[] {"a", "b", "c"}) {
                inv.collection(c).insertOne(Map.of("_id", "1"));
            }
            db.write("kept", "k", 1);
            db.flush(); // table files on disk, which the drop must delete
            FaultInjectionTest.crashCopy(dir, before);
            files.failDeletes = true;
            assertTrue(inv.drop());
            assertEquals(List.of(), inv.collections(), "gone at once, though the files are still there");
            FaultInjectionTest.crashCopy(dir, after);
            files.failDeletes = false;
        }
        try (MikroDB db = MikroDB.open(before)) {
            assertEquals(List.of("a", "b", "c"), db.database("inv").collections());
        }
        List<String> leftover = new ArrayList<>();
        try (var list = Files.list(after)) {
            list.filter(p -> p.getFileName().toString().startsWith("inv~")).forEach(p -> leftover.add(
                    p.getFileName().toString()));
        }
        assertFalse(leftover.isEmpty(), "the crash copy still holds the dropped tables' files");
        try (MikroDB db = MikroDB.open(after)) {
            assertEquals(List.of(), db.database("inv").collections());
            assertEquals(List.of("default"), db.databases());
            assertEquals(1, db.get("kept", "k").orElseThrow().value().asInt());
        }
    }

    @Test
    void currentDateSetsTheCommitTime() {
        var clock = new dev.mikrodb.testing.MutableClock(1_800_000_000_000L);
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock).build())) {
            DocumentCollection c = db.database("app").collection("events");
            c.insertOne(Map.of("_id", "e"));
            c.updateOne("{}", "{\"$currentDate\": {\"at\": true, \"ms\": {\"$type\": \"timestamp\"}}}");
            var doc = c.findOne("{}").orElseThrow();
            assertEquals("2027-01-15T08:00:00Z", doc.get("at").asText());
            assertEquals(1_800_000_000_000L, doc.get("ms").asLong());
        }
    }
}
