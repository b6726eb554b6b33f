package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch's later writes see its earlier ones, for versions, deletions and unique indexes, in short batches (looked
 * up by a scan of the staged writes) and in long ones (looked up in a map once the batch outgrows the scan).
 */
class BatchVisibilityTest {
    @TempDir
    Path dir;

    private static WriteRequest put(String key, int n) {
        return WriteRequest.of("t", key, Map.of("n", n, "email", key + "@x"));
    }

    private static WriteRequest putExpecting(String key, long expectedVersion, String email) {
        return WriteRequest.builder("t", key).value(Map.of("email", email)).expectedVersion(expectedVersion).build();
    }

    private static WriteRequest putIn(String table, String key, int n, long expectedVersion) {
        return WriteRequest.builder(table, key).value(Map.of("n", n)).expectedVersion(expectedVersion).build();
    }

    /** {@code first}, then puts of {@code fillers} other keys, then {@code last}: what a batch looks up across. */
    private static List<WriteRequest> around(List<WriteRequest> first, int fillers, String fillerPrefix,
                                             List<WriteRequest> last) {
        List<WriteRequest> batch = new ArrayList<>(first);
        for (int i = 0; i < fillers; i++) {
            batch.add(put(fillerPrefix + i, i));
        }
        batch.addAll(last);
        return batch;
    }

    @Test
    void laterWritesOfABatchSeeTheVersionsOfEarlierOnesInShortAndLongBatches() {
        try (MikroDB db = MikroDB.open(dir)) {
            for (int size : new int[] {3, 40}) {
                String k = "k" + size;
                List<Long> versions = db.writeBatch(around(List.of(putExpecting(k, 0, k + "-1@x")), size - 3,
                        "filler" + size + "-",
                        List.of(putExpecting(k, 1, k + "-2@x"), putExpecting(k, 2, k + "-3@x"))));
                assertEquals(List.of(1L, 2L, 3L), List.of(versions.get(0), versions.get(size - 2),
                        versions.get(size - 1)), "batch of " + size);
                assertEquals(3, db.get("t", k).orElseThrow().version());

                // a stale expectation late in the batch fails the whole batch
                List<WriteRequest> stale = around(List.of(putExpecting(k, 3, k + "-4@x")), size - 2,
                        "other" + size + "-", List.of(putExpecting(k, 3, k + "-5@x")));
                assertThrows(VersionConflictException.class, () -> db.writeBatch(stale), "batch of " + size);
                assertEquals(3, db.get("t", k).orElseThrow().version());
                assertTrue(db.get("t", "other" + size + "-0").isEmpty());
            }
        }
    }

    /** A batch over two tables keeps the same key apart in each, in short and long batches. */
    @Test
    void theSameKeyInTwoTablesOfOneBatchIsTwoKeys() {
        try (MikroDB db = MikroDB.open(dir)) {
            for (int size : new int[] {4, 40}) {
                String k = "k" + size;
                List<Long> versions = db.writeBatch(around(List.of(putIn("t", k, 1, 0), putIn("u", k, 1, 0)),
                        size - 4, "filler" + size + "-", List.of(putIn("t", k, 2, 1), putIn("u", k, 2, 1))));
                assertEquals(List.of(1L, 1L, 2L, 2L), List.of(versions.get(0), versions.get(1),
                        versions.get(size - 2), versions.get(size - 1)), "batch of " + size);
                assertEquals(2, db.get("u", k).orElseThrow().version());
            }
        }
    }

    @Test
    void uniqueClaimsAndReleasesWithinALongBatchAreSeenByItsLaterWrites() {
        try (MikroDB db = MikroDB.open(dir)) {
            db.createIndex("t", IndexSpec.on("email").asUnique());
            db.write("t", "holder", Map.of("email", "taken@x"));

            List<WriteRequest> claimsTwice = new ArrayList<>();
            claimsTwice.add(putExpecting("first", 0, "same@x"));
            for (int i = 0; i < 20; i++) {
                claimsTwice.add(put("a" + i, i));
            }
            claimsTwice.add(putExpecting("second", 0, "same@x"));
            UniqueIndexViolationException e = assertThrows(UniqueIndexViolationException.class,
                    () -> db.writeBatch(claimsTwice));
            assertEquals("first", e.existingKey());
            assertTrue(db.get("t", "a0").isEmpty());

            List<WriteRequest> movesValue = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                movesValue.add(put("b" + i, i));
            }
            movesValue.add(putExpecting("holder", 1, "moved@x"));
            movesValue.add(putExpecting("taker", 0, "taken@x"));
            db.writeBatch(movesValue);
            assertEquals("taken@x", db.get("t", "taker").orElseThrow().value().get("email").asText());
            assertEquals("moved@x", db.get("t", "holder").orElseThrow().value().get("email").asText());
        }
    }

    @Test
    void aDocumentDeletedEarlierInABulkWriteIsAbsentForItsLaterOperationsInShortAndLongBatches() {
        try (MikroDB db = MikroDB.open(dir)) {
            DocumentCollection docs = db.database("shop").collection("orders");
            for (int padding : new int[] {0, 20}) {
                String id = "o" + padding;
                docs.insertOne(Map.of("_id", id, "state", "old"));
                List<BulkOperation> ops = new ArrayList<>();
                for (int i = 0; i < padding; i++) {
                    ops.add(new BulkOperation.InsertOne(Map.of("_id", "pad" + padding + "-" + i)));
                }
                ops.add(new BulkOperation.DeleteOne(Map.of("_id", id)));
                ops.add(new BulkOperation.UpdateOne(Map.of("_id", id), Map.of("$set", Map.of("state", "lost")), false));
                ops.add(new BulkOperation.InsertOne(Map.of("_id", id, "state", "new")));
                BulkWriteResult result = docs.bulkWrite(ops);
                assertEquals(1, result.deletedCount(), "padding " + padding);
                assertEquals(0, result.matchedCount(), "the update after the delete finds nothing, padding " + padding);
                assertEquals(padding + 1, result.insertedCount(), "padding " + padding);
                assertEquals("new", docs.findOne(Map.of("_id", id)).orElseThrow().get("state").asText());
            }
        }
    }
}
