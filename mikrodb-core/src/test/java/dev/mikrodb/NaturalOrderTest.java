package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results without a sort come in the order the items were created, as the Node original's tables (JavaScript Maps)
 * and MongoDB's natural order give them: an update keeps an item's place, a delete and a new create puts it last.
 */
class NaturalOrderTest {
    @TempDir
    Path dir;

    private static List<String> keys(List<Item> items) {
        return items.stream().map(Item::key).toList();
    }

    private static MikroDB open(Path dir) {
        return MikroDB.open(MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(600_000).build());
    }

    @Test
    void unsortedResultsComeInCreationOrder() {
        try (MikroDB db = open(dir)) {
            for (String k : List.of("m", "c", "x", "a", "k")) {
                db.write("t", k, Map.of("n", k));
            }
            assertEquals(List.of("m", "c", "x", "a", "k"), keys(db.getAll("t")));
            db.write("t", "c", Map.of("n", "c2")); // an update keeps its place
            db.delete("t", "x");
            db.write("t", "x", Map.of("n", "x2")); // a new creation goes last
            assertEquals(List.of("m", "c", "a", "k", "x"), keys(db.getAll("t")));
            Query firstTwoNotA = Query.builder().filter("{\"n\": {\"operator\": \"neq\", \"value\": \"a\"}}")
                    .limit(2).build();
            assertEquals(List.of("m", "c"), keys(db.query("t", firstTwoNotA)));
            Query page = Query.builder().offset(2).limit(2).build();
            assertEquals(List.of("a", "k"), keys(db.query("t", page)));
        }
    }

    @Test
    void theOrderSurvivesCheckpointsTheWalAndARestart() {
        List<String> expected;
        try (MikroDB db = open(dir)) {
            for (String k : List.of("q", "b", "z", "e")) {
                db.write("t", k, 1);
            }
            db.flush(); // a base file
            db.write("t", "b", 2);
            db.delete("t", "z");
            db.write("t", "a", 1);
            db.write("t", "z", 3);
            db.flush(); // a delta file: "z" was created again, so it goes after "a"
            db.write("t", "y", 1);
            db.delete("t", "q");
            db.write("t", "q", 2); // in the WAL only
            expected = keys(db.getAll("t"));
            assertEquals(List.of("b", "e", "a", "z", "y", "q"), expected);
        }
        try (MikroDB db = open(dir)) {
            assertEquals(expected, keys(db.getAll("t")));
            db.write("t", "c", 1);
            db.flush();
        }
        try (MikroDB db = open(dir)) {
            assertEquals(List.of("b", "e", "a", "z", "y", "q", "c"), keys(db.getAll("t")));
        }
    }

    @Test
    void writesBeforeTheFirstOrderedReadOfALoadedTableComeAfterTheLoadedItems() {
        List<String> created = new ArrayList<>();
        Random random = new Random(11);
        try (MikroDB db = open(dir)) {
            for (int i = 0; i < 40; i++) {
                String key = "k" + random.nextInt(1_000_000);
                if (!created.contains(key)) {
                    created.add(key);
                    db.write("t", key, i);
                }
            }
        } // closing writes the table file, whose buckets hold the keys in hashed order
        List<String> expected = new ArrayList<>(created);
        try (MikroDB db = open(dir)) {
            assertEquals(created.size(), db.tableSize("t")); // loads the table; nothing has read it in order yet
            db.write("t", "new1", 1);
            for (String key : created.subList(0, 20)) { // enough holes to pack the order's array
                db.delete("t", key);
                expected.remove(key);
            }
            String updated = created.get(25);
            db.write("t", updated, 2); // keeps its place
            String recreated = created.get(30);
            db.delete("t", recreated);
            db.write("t", recreated, 3);
            db.write("t", "new2", 1);
            expected.remove(recreated);
            expected.addAll(List.of("new1", recreated, "new2"));
            assertEquals(expected, keys(db.getAll("t")));
        }
        try (MikroDB db = open(dir)) {
            assertEquals(expected, keys(db.getAll("t")));
        }
    }

    @Test
    void itemsCreatedByOneBatchKeepTheirOrderUntilAFileHoldsThemThenComeInKeyOrder() {
        try (MikroDB db = open(dir)) {
            db.write("t", "first", 1);
            db.writeBatch(List.of(WriteRequest.builder("t", "z").value(1).build(),
                    WriteRequest.builder("t", "y").value(1).build()));
            assertEquals(List.of("first", "z", "y"), keys(db.getAll("t")));
        } // closing writes the table file
        try (MikroDB db = open(dir)) { // one creation revision, then key order
            assertEquals(List.of("first", "y", "z"), keys(db.getAll("t")));
        }
    }

    @Test
    void largeTablesKeepTheOrderWhenScannedInParallelAndAfterManyDeletes() {
        Random random = new Random(7);
        List<String> created = new ArrayList<>();
        try (MikroDB db = open(dir)) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) {
                String key = Long.toHexString(random.nextLong());
                created.add(key);
                batch.add(WriteRequest.builder("big", key).value(Map.of("i", i)).build());
                if (batch.size() == 1_000) {
                    db.writeBatch(batch);
                    batch.clear();
                }
            }
            // A JSON filter over 20,000 items or more is scanned on every core.
            Query all = Query.builder().filter("{\"i\": {\"operator\": \"gte\", \"value\": 0}}").build();
            assertSameOrder(created, keys(db.query("big", all)));
            List<String> shuffled = new ArrayList<>(created);
            Collections.shuffle(shuffled, random);
            for (String key : shuffled.subList(0, 20_000)) {
                db.delete("big", key);
            }
            created.retainAll(shuffled.subList(20_000, 30_000));
            assertSameOrder(created, keys(db.query("big", all)));
            assertSameOrder(created, keys(db.getAll("big")));
            assertEquals(created.subList(0, 10), keys(db.query("big", Query.builder().limit(10).build())));
        }
    }

    /** Names the first place two long lists differ, rather than printing both. */
    private static void assertSameOrder(List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), "how many");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "key at " + i);
        }
    }

    @Test
    void findWithoutASortReturnsDocumentsInInsertionOrder() {
        try (MikroDB db = open(dir)) {
            DocumentCollection c = db.database("app").collection("people");
            c.insertMany(List.of(Map.of("_id", "carol", "age", 3), Map.of("_id", "alice", "age", 1)));
            c.insertOne(Map.of("_id", "bob", "age", 2));
            c.updateOne("{\"_id\": \"carol\"}", "{\"$inc\": {\"age\": 10}}");
            List<String> ids = c.find(null).stream().map(d -> d.get("_id").asText()).toList();
            assertEquals(List.of("carol", "alice", "bob"), ids);
            List<JsonNode> firstTwo = c.find("{\"age\": {\"$gt\": 1}}", FindOptions.NONE.limit(2));
            assertEquals(List.of("carol", "bob"), firstTwo.stream().map(d -> d.get("_id").asText()).toList());
        }
    }
}
