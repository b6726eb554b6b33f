package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Explained;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.Item;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.testing.MutableClock;
import dev.mikrodb.Query;
import dev.mikrodb.RawJson;
import dev.mikrodb.Subscription;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MikroStore} must show, run against the embedded database and against the client over
 * HTTP: the two must be interchangeable.
 */
abstract class StoreContract {
    /** The clock of the database behind the store, moved by hand. */
    final MutableClock clock = new MutableClock(1_700_000_000_000L);

    /** The store under test, fresh and empty for each test, its database on {@link #clock}. */
    abstract MikroStore store();

    @Test
    void writeGetAndVersions() {
        MikroStore s = store();
        assertEquals(1, s.write("users", "u1", Map.of("name", "Ada")));
        assertEquals(2, s.write("users", "u1", Map.of("name", "Grace")));
        Item item = s.get("users", "u1").orElseThrow();
        assertEquals("u1", item.key());
        assertEquals("Grace", item.value().get("name").asText());
        assertEquals(2, item.version());
        assertTrue(item.timestamp() > 0);
        assertFalse(item.hasExpiration());
        assertTrue(s.get("users", "nobody").isEmpty());
        assertTrue(s.get("no-table", "u1").isEmpty());
    }

    @Test
    void nullAndScalarValues() {
        MikroStore s = store();
        s.write("t", "null", null);
        s.write("t", "text", "hello");
        s.write("t", "list", List.of(1, 2));
        assertTrue(s.get("t", "null").orElseThrow().value().isNull());
        assertEquals("\"hello\"", s.get("t", "text").orElseThrow().valueJson());
        assertEquals(2, s.get("t", "list").orElseThrow().value().size());
    }

    @Test
    void jsonGivenAsBytesIsStoredAsJson() {
        MikroStore s = store();
        s.write(WriteRequest.of("t", "compact", RawJson.of("{\"a\":[1,2.5,\"caf\u00e9\"],\"b\":{\"c\":null}}")));
        s.write(WriteRequest.builder("t", "spaced").value(RawJson.of("{ \"a\" : 1e2 , \"a\" : 2 }"))
                .expectedVersion(0).build());
        s.write("t", "nested", Map.of("inner", RawJson.of("[true,false]")));
        assertEquals("{\"a\":[1,2.5,\"caf\u00e9\"],\"b\":{\"c\":null}}",
                s.get("t", "compact").orElseThrow().valueJson());
        assertEquals("{\"a\":2}", s.get("t", "spaced").orElseThrow().valueJson());
        assertEquals("{\"inner\":[true,false]}", s.get("t", "nested").orElseThrow().valueJson());
        assertEquals(List.of("spaced"), s.query("t", Query.builder().filter("{\"a\": 2}").build()).stream()
                .map(Item::key).toList());
        ValidationException refused = assertThrows(ValidationException.class, () -> RawJson.of("{\"a\":"));
        assertTrue(refused.getMessage().contains("not valid JSON"), refused.getMessage());
    }

    @Test
    void conditionalWritesAndDeletes() {
        MikroStore s = store();
        s.write(WriteRequest.builder("t", "k").value(1).expectedVersion(0).build());
        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> s.write(WriteRequest.builder("t", "k").value(2).expectedVersion(0).build()));
        assertEquals(1, e.currentVersion());
        assertEquals(0, e.expectedVersion());
        assertEquals("t", e.tableName());
        assertEquals("k", e.key());
        VersionConflictException d = assertThrows(VersionConflictException.class, () -> s.delete("t", "k", 7));
        assertEquals(1, d.currentVersion());
        assertTrue(s.delete("t", "k", 1));
        assertFalse(s.delete("t", "k"));
        assertFalse(s.get("t", "k").isPresent());
    }

    @Test
    void batchesAreAtomic() {
        MikroStore s = store();
        assertEquals(List.of(1L, 1L), s.writeBatch(List.of(WriteRequest.of("a", "x", 1), WriteRequest.of("b", "y",
                2))));
        VersionConflictException e = assertThrows(VersionConflictException.class, () -> s.writeBatch(List.of(
                WriteRequest.of("a", "new", 1), WriteRequest.builder("b", "y").value(3).expectedVersion(9).build())));
        assertEquals("y", e.key());
        assertEquals(1, e.currentVersion());
        assertFalse(s.get("a", "new").isPresent());
        assertThrows(ValidationException.class, () -> s.writeBatch(List.of()));
    }

    @Test
    void queriesReturnItemsWithMetadata() {
        MikroStore s = store();
        for (int i = 1; i <= 6; i++) {
            s.write("users", "u" + i, Map.of("age", 20 + i, "tags", i % 2 == 0 ? List.of("even") : List.of()));
        }
        s.write("users", "u6", Map.of("age", 26, "tags", List.of("even")));
        List<Item> found = s.query("users", Query.builder()
                .filter("{\"tags\": {\"operator\": \"contains\", \"value\": \"even\"}}")
                .sort("{\"age\": -1}").limit(2).build());
        assertEquals(List.of("u6", "u4"), found.stream().map(Item::key).toList());
        assertEquals(2, found.get(0).version());
        assertEquals(26, found.get(0).value().get("age").asInt());
        assertEquals(6, s.getAll("users").size());
        assertEquals(List.of("u2"), s.query("users", Query.builder().sort("{\"age\": 1}").offset(1).limit(1).build())
                .stream().map(Item::key).toList());
        assertEquals(List.of(), s.getAll("nothing"));
        ValidationException e = assertThrows(ValidationException.class, () -> s.query("users",
                dev.mikrodb.wire.QueryCodec.read(dev.mikrodb.wire.WireJson.parse("{\"filter\": {\"age\": {\"operator\": "
                        + "\"gt\"}}}", "options"))));
        assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
    }

    @Test
    void tables() {
        MikroStore s = store();
        s.write("orders", "o1", 1);
        s.write("users", "u1", 1);
        s.write("users", "u2", 1);
        assertEquals(List.of("orders", "users"), s.tables());
        assertEquals(2, s.tableSize("users"));
        assertEquals(0, s.tableSize("unknown"));
        assertTrue(s.tableExists("orders"));
        assertFalse(s.tableExists("unknown"));
        assertTrue(s.deleteTable("orders"));
        assertFalse(s.deleteTable("orders"));
        assertEquals(List.of("users"), s.tables());
        s.flush();
        s.flushWAL();
        assertEquals(List.of("users_dump.json"), s.dump("users"));
    }

    @Test
    void expiry() throws Exception {
        MikroStore s = store();
        s.write(WriteRequest.builder("t", "short").value(1).ttl(Duration.ofMillis(300)).build());
        long exp = clock.millis() + 60_000;
        s.write(WriteRequest.builder("t", "long").value(1).expiration(exp).build());
        assertEquals(exp, s.get("t", "long").orElseThrow().expiration());
        assertTrue(s.get("t", "short").orElseThrow().hasExpiration());
        clock.advance(300);
        assertTrue(s.get("t", "short").isEmpty());
        assertEquals(1, s.tableSize("t"));
        assertEquals(0, s.cleanupExpiredItems());
        assertThrows(ValidationException.class, () -> s.write(WriteRequest.builder("t", "past").value(1)
                .expiration(clock.millis() - 1000).build()));
    }

    @Test
    void invalidInputIsAValidationError() {
        MikroStore s = store();
        ValidationException e = assertThrows(ValidationException.class, () -> s.write("../etc", "k", 1));
        assertTrue(e.getMessage().contains("table name"), e.getMessage());
        assertThrows(ValidationException.class, () -> s.write("t", "", 1));
        assertThrows(ValidationException.class, () -> s.get("bad name", "k"));
        assertThrows(ValidationException.class, () -> s.delete("t", "k", -1));
        assertFalse(s.tables().contains("t"));
    }

    @Test
    void subscriptionsSeeCommitsInOrder() throws Exception {
        MikroStore s = store();
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        try (Subscription sub = s.subscribe("orders", events::add)) {
            for (int i = 1; i <= 15; i++) {
                s.write("orders", "o", i);
                s.write("elsewhere", "x", i);
            }
            s.delete("orders", "o");
            long deadline = System.currentTimeMillis() + 20_000;
            while (events.size() < 16 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(16, events.size());
        for (int i = 0; i < 15; i++) {
            assertEquals(ChangeEvent.ITEM_WRITTEN, events.get(i).operation());
            assertEquals(i + 1, events.get(i).version());
            assertEquals(i + 1, events.get(i).record().value().asInt());
            assertEquals("orders", events.get(i).table());
        }
        assertEquals(ChangeEvent.ITEM_DELETED, events.get(15).operation());
    }

    @Test
    void indexesListingAndExplain() {
        MikroStore s = store();
        for (int i = 0; i < 50; i++) {
            s.write("users", "user:" + (char) ('a' + i % 26) + i, Map.of("age", i % 5, "email", "e" + i));
        }
        IndexInfo info = s.createIndex("users", IndexSpec.on("age"));
        assertEquals("age_1", info.spec().name());
        assertEquals(50, info.entries());
        s.createIndex("users", IndexSpec.on("email").asUnique().named("by_email"));
        assertEquals(List.of("age_1", "by_email"), s.indexes("users").stream().map(x -> x.spec().name()).toList());
        Explained e = s.explain("users", Query.builder().filter("{\"age\": 3}").build());
        assertEquals("age_1", e.plan().index());
        assertEquals(10, e.results().size());
        dev.mikrodb.UniqueIndexViolationException dup = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mikrodb.UniqueIndexViolationException.class, () -> s.write("users", "x", Map.of("email", "e7")));
        assertEquals("by_email", dup.index());
        assertTrue(s.dropIndex("users", "by_email"));
        assertFalse(s.dropIndex("users", "by_email"));
        KeyList page = s.list("users", ListOptions.ALL.prefix("user:a").limit(1));
        assertEquals(1, page.keys().size());
        assertFalse(page.listComplete());
        KeyList rest = s.list("users", ListOptions.ALL.prefix("user:a").limit(10).after(page.cursor()));
        assertTrue(rest.listComplete());
        assertEquals(List.of("user:a0", "user:a26"), java.util.stream.Stream.concat(page.keys().stream(),
                rest.keys().stream()).map(KeyList.Key::key).toList());
    }
}
