package dev.mikrodb.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.Item;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matching and applying are one atomic step, and multi-document writes are one atomic batch, under contention. */
class DocumentConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void sixteenThreadsIncrementingOneDocumentLoseNothing() throws Exception {
        int threads = 16;
        int perThread = 5_000;
        try (MikroDB db = MikroDB.open(dir)) {
            DocumentCollection counters = db.database("app").collection("counters");
            counters.insertOne(Map.of("_id", "hits", "n", 0));
            AtomicLong modified = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        modified.addAndGet(counters.updateOne("{\"_id\": \"hits\"}", "{\"$inc\": {\"n\": 1}}")
                                .modifiedCount());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertEquals(threads * perThread, modified.get());
            assertEquals(threads * perThread, counters.findOne("{\"_id\": \"hits\"}").orElseThrow().get("n").asLong());
            // One version step per update: the insert made version 1, each increment one more, none skipped.
            Item item = db.inDatabase("app").get("counters", "hits").orElseThrow();
            assertEquals(1 + threads * perThread, item.version());
        }
    }

    /**
     * An update_many racing inserts either includes a document or not, never part of a batch: documents inserted
     * earlier must have been incremented at least as often as documents inserted later, and the increments add up.
     */
    @Test
    void updateManyRacingInsertsNeverTearsABatch() throws Exception {
        try (MikroDB db = MikroDB.open(dir)) {
            MikroStore kv = db.inDatabase("race");
            DocumentCollection docs = db.database("race").collection("docs");
            AtomicLong incremented = new AtomicLong();
            Thread updater = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    incremented.addAndGet(docs.updateMany("{}", "{\"$inc\": {\"n\": 1}}").modifiedCount());
                }
            });
            updater.start();
            for (int i = 0; i < 500; i++) {
                docs.insertOne(Map.of("_id", String.format("d%04d", i), "n", 0));
            }
            updater.join();
            List<Item> items = new ArrayList<>(kv.getAll("docs"));
            items.sort(Comparator.comparingLong(Item::createRevision));
            long previous = Long.MAX_VALUE;
            long total = 0;
            for (Item item : items) {
                JsonNode doc = item.value();
                long n = doc.get("n").asLong();
                assertTrue(n <= previous, "document " + item.key() + " (created at revision "
                        + item.createRevision() + ") was incremented " + n + " times, more than an older one: a torn "
                        + "update_many");
                assertEquals(n + 1, item.version(), "one version step per increment of " + item.key());
                previous = n;
                total += n;
            }
            assertEquals(incremented.get(), total);
        }
    }
}
