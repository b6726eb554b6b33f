package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secondary indexes: the planner's choices, unique constraints, durability of definitions, online builds. */
class IndexTest {
    @TempDir
    Path dir;

    private static void fill(MikroDB db, int n) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(WriteRequest.of("users", String.format("u%05d", i), Map.of("age", i % 100, "name", "n" + i,
                    "city", List.of("Paris", "Rome", "Oslo").get(i % 3), "tags", List.of("t" + (i % 7), "all"))));
        }
        db.writeBatch(batch);
    }

    @Test
    void thePlannerUsesAnIndexForEqualityInRangesAndPrefixes() {
        try (MikroDB db = MikroDB.open(dir)) {
            fill(db, 10_000);
            Explained scan = db.explain("users", Query.builder().filter("{\"age\": 42}").build());
            assertNull(scan.plan().index());
            assertEquals(10_000, scan.plan().itemsExamined());
            db.createIndex("users", IndexSpec.on("age"));
            db.createIndex("users", IndexSpec.on("name"));
            Explained eq = db.explain("users", Query.builder().filter("{\"age\": 42}").build());
            assertEquals("age_1", eq.plan().index());
            assertEquals(100, eq.plan().keysExamined());
            assertEquals(100, eq.plan().returned());
            assertEquals(scan.results().size(), eq.results().size());
            Explained in = db.explain("users", Query.builder().filter("{\"age\": {\"operator\": \"in\", \"value\": "
                    + "[1, 2, 3]}}").build());
            assertEquals("age_1", in.plan().index());
            assertEquals(300, in.plan().returned());
            Explained range = db.explain("users", Query.builder().filter("{\"age\": {\"operator\": \"between\", "
                    + "\"value\": [10, 19]}}").build());
            assertEquals(1_000, range.plan().keysExamined());
            Explained prefix = db.explain("users", Query.builder().filter("{\"name\": {\"operator\": \"regex\", "
                    + "\"value\": \"^n999\"}}").build());
            assertEquals("name_1", prefix.plan().index());
            assertEquals(11, prefix.plan().returned()); // n999, n9990..n9999
            Explained narrowest = db.explain("users", Query.builder().filter("{\"age\": {\"operator\": \"gt\", "
                    + "\"value\": 5}, \"name\": \"n1234\"}").build());
            assertEquals("name_1", narrowest.plan().index(), "an equality beats a range");
            assertEquals(1, narrowest.plan().returned());
        }
    }

    @Test
    void documentQueriesUseIndexesWithMongoDbSemantics() {
        try (MikroDB db = MikroDB.open(dir)) {
            fill(db, 3_000);
            DocumentCollection users = db.database("default").collection("users");
            users.createIndex(IndexSpec.on("tags"));
            users.createIndex(new IndexSpec(null, List.of(new IndexSpec.Field("city", false),
                    new IndexSpec.Field("age", true)), false, false));
            assertTrue(users.indexes().stream().anyMatch(i -> i.spec().name().equals("tags_1") && i.multikey()));
            assertEquals(3_000 / 7 + 1, users.count("{\"tags\": \"t3\"}"));
            Explained tagged = db.explain("users", Query.builder().filter("{\"tags\": {\"operator\": \"contains\", "
                    + "\"value\": \"t3\"}}").build());
            assertNull(tagged.plan().index(), "contains is not an index operator in MikroDB's language");
            assertEquals(1_000, users.count("{\"city\": \"Rome\"}"));
            assertEquals(List.of("Oslo", "Paris", "Rome"), users.distinct("city", "{}").stream()
                    .map(n -> n.asText()).toList());
        }
    }

    @Test
    void uniqueIndexesRefuseDuplicatesBeforeWritingAnything() {
        try (MikroDB db = MikroDB.open(dir)) {
            db.createIndex("accounts", IndexSpec.on("email").asUnique());
            db.write("accounts", "a", Map.of("email", "ada@example.com"));
            UniqueIndexViolationException e = assertThrows(UniqueIndexViolationException.class,
                    () -> db.write("accounts", "b", Map.of("email", "ada@example.com")));
            assertEquals("email_1", e.index());
            assertEquals("a", e.existingKey());
            assertTrue(e.getMessage().contains("\"ada@example.com\""), e.getMessage());
            assertTrue(db.get("accounts", "b").isEmpty());
            // within one batch: two claims of one value conflict, and nothing of the batch is written
            assertThrows(UniqueIndexViolationException.class, () -> db.writeBatch(List.of(
                    WriteRequest.of("accounts", "c", Map.of("email", "c@x")),
                    WriteRequest.of("accounts", "d", Map.of("email", "c@x")))));
            assertTrue(db.get("accounts", "c").isEmpty());
            // a batch that moves a value from one key to another is fine
            db.writeBatch(List.of(WriteRequest.of("accounts", "a", Map.of("email", "new@x")),
                    WriteRequest.of("accounts", "b", Map.of("email", "ada@example.com"))));
            assertEquals("ada@example.com", db.get("accounts", "b").orElseThrow().value().get("email").asText());
            // numbers compare by value, types never mix
            db.write("accounts", "n1", Map.of("email", 1));
            assertThrows(UniqueIndexViolationException.class, () -> db.write("accounts", "n2", Map.of("email", 1.0)));
            db.write("accounts", "n3", Map.of("email", "1"));
            db.write("accounts", "z1", Map.of("email", 0));
            assertThrows(UniqueIndexViolationException.class, () -> db.write("accounts", "z2", Map.of("email", -0.0)),
                    "-0.0 is the number 0");
            // a deleted holder frees its value
            db.delete("accounts", "n1");
            db.write("accounts", "n2", Map.of("email", 1.0));
        }
    }

    @Test
    void aUniqueIndexOverDuplicatesIsRefusedNamingThem() {
        try (MikroDB db = MikroDB.open(dir)) {
            db.write("t", "k1", Map.of("v", 5));
            db.write("t", "k2", Map.of("v", 5));
            ValidationException e = assertThrows(ValidationException.class, () -> db.createIndex("t",
                    IndexSpec.on("v").asUnique()));
            assertTrue(e.getMessage().contains("k1") && e.getMessage().contains("k2") && e.getMessage()
                    .contains("5"), e.getMessage());
            assertEquals(List.of(), db.indexes("t"));
            db.write("t", "k3", Map.of("v", 5)); // no index was left behind
        }
    }

    @Test
    void definitionsSurviveRestartsEvictionAndAreDroppedWithTheirTable() {
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxLoadedTables(1).build())) {
            fill(db, 500);
            db.createIndex("users", IndexSpec.on("age"));
            db.write("other", "k", 1); // evicts users, whose index is rebuilt when it loads again
            assertEquals("age_1", db.explain("users", Query.builder().filter("{\"age\": 7}").build()).plan().index());
        }
        try (MikroDB db = MikroDB.open(dir)) {
            Explained e = db.explain("users", Query.builder().filter("{\"age\": 7}").build());
            assertEquals("age_1", e.plan().index());
            assertEquals(5, e.plan().returned());
            assertEquals(500, db.indexes("users").get(0).entries());
            assertTrue(db.dropIndex("users", "age_1"));
            assertFalse(db.dropIndex("users", "age_1"));
            db.createIndex("users", IndexSpec.on("name"));
            db.deleteTable("users");
            db.write("users", "fresh", Map.of("name", "x"));
            assertEquals(List.of(), db.indexes("users"), "a dropped table's indexes went with it");
        }
        try (MikroDB db = MikroDB.open(dir)) {
            assertEquals(List.of(), db.indexes("users"));
            assertEquals(List.of("default"), db.databases(), "system data is not a database users see");
        }
    }

    @Test
    void sixteenWritersRacingForOneUniqueValueLeaveExactlyOneWinner() throws Exception {
        try (MikroDB db = MikroDB.open(dir)) {
            db.createIndex("names", IndexSpec.on("name").asUnique());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    go.await();
                    try {
                        db.write("names", "k" + id, Map.of("name", "the-one"));
                        wins.incrementAndGet();
                    } catch (UniqueIndexViolationException lost) {
                        // expected for all but one
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(1, wins.get());
            assertEquals(1, db.query("names", Query.builder().filter("{\"name\": \"the-one\"}").build()).size());
        }
    }

    @Test
    void anIndexIsBuiltOnlineWhileWritersContinue() throws Exception {
        try (MikroDB db = MikroDB.open(dir)) {
            fill(db, 20_000);
            AtomicInteger written = new AtomicInteger();
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 3_000; i++) {
                    db.write("users", "w" + i, Map.of("age", 1000 + i % 10, "name", "w" + i));
                    written.incrementAndGet();
                    writing.countDown();
                }
            });
            writer.start();
            writing.await();
            db.createIndex("users", IndexSpec.on("age"));
            writer.join();
            for (int a : new int[] {7, 1003}) {
                Query q = Query.builder().filter("{\"age\": " + a + "}").build();
                Explained e = db.explain("users", q);
                assertEquals("age_1", e.plan().index());
                long scanned = db.query("users", Query.builder().filter((Filter) v -> v.path("age").asInt() == a)
                        .build()).size();
                assertEquals(scanned, e.plan().returned(), "the index agrees with a scan for age " + a);
            }
            assertEquals(23_000, db.indexes("users").get(0).entries());
        }
    }

    @Test
    void automaticIndexingIsOffByDefaultAndIndexesAFieldQueriedOften() {
        try (MikroDB db = MikroDB.open(dir.resolve("off"))) {
            fill(db, 100);
            for (int i = 0; i < 20; i++) {
                db.query("users", Query.builder().filter("{\"city\": \"Rome\"}").build());
            }
            assertEquals(List.of(), db.indexes("users"));
        }
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir.resolve("on"))
                .autoIndexThreshold(3).build())) {
            fill(db, 100);
            for (int i = 0; i < 4; i++) {
                db.query("users", Query.builder().filter("{\"city\": \"Rome\", \"age\": {\"operator\": \"gt\", "
                        + "\"value\": 1}}").build());
            }
            assertEquals(4L, db.autoIndexCounts().get("users/city"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (db.indexes("users").isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the index is built on the maintenance thread
            }
            assertEquals("auto_city", db.indexes("users").get(0).spec().name());
            assertEquals("auto_city", db.explain("users", Query.builder().filter("{\"city\": \"Oslo\"}").build())
                    .plan().index());
        }
    }
}
