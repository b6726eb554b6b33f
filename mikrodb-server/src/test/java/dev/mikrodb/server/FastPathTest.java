package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.ServerSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: key reads and single writes of a table in memory run on the IO thread, others on a worker (reads from the
 * table's files while it is not loaded); both paths give the same answers. With one table allowed in memory,
 * requests alternate between a loaded table and an evicted one. A write that must wait for its fsync is answered only
 * once the fsync is done.
 */
class FastPathTest {
    @TempDir
    Path dir;

    @Test
    void keyReadsAnswerTheSameWhetherTheirTableIsInMemoryOrNot() throws Exception {
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).maxLoadedTables(1).build());
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            h.post("/write", "{\"tableName\":\"a\",\"key\":\"k\",\"value\":{\"n\":1}}");
            h.post("/write", "{\"tableName\":\"b\",\"key\":\"k\",\"value\":{\"n\":2}}");
            db.database("shop").collection("orders").insertOne(dev.mikrodb.wire.WireJson.parse(
                    "{\"_id\":\"o1\",\"total\":5}", "test"));
            for (int round = 0; round < 3; round++) {
                for (String table : new String[] {"a", "b"}) {
                    assertFalse(db.tableInMemory(null, table), "evicted when the other table was loaded");
                    keyReads(h, table); // a worker answers from the table's files, without loading the table
                    assertFalse(db.tableInMemory(null, table), "a few gets read the files, they do not load it");
                    db.tableSize(table); // loads it, evicting the other
                    assertTrue(db.tableInMemory(null, table));
                    keyReads(h, table); // answered on the IO thread
                }
            }
            assertTrue(db.tableInMemory(null, "b"));
            assertFalse(db.tableInMemory(null, "a"), "one table in memory at a time");
            assertFalse(db.tableInMemory(null, "bad/name"));
            HttpResponse<String> doc = h.post("/get", "{\"databaseName\":\"shop\",\"tableName\":\"orders\","
                    + "\"key\":\"o1\"}");
            assertEquals(200, doc.statusCode(), doc.body());
            assertTrue(doc.body().contains("\"total\":5"), doc.body());
        }
    }

    @Test
    void writesAnswerTheSameOnEitherPathInEveryDurability() throws Exception {
        for (dev.mikrodb.Durability durability : dev.mikrodb.Durability.values()) {
            Path d = dir.resolve(durability.configName());
            try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(d).maxLoadedTables(1)
                    .durability(durability).build());
                 MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
                TestHttp h = new TestHttp(server.baseUrl());
                long[] versions = new long[2];
                for (int round = 0; round < 3; round++) {
                    for (int t = 0; t < 2; t++) {
                        String table = t == 0 ? "a" : "b";
                        if (round > 0) {
                            assertFalse(db.tableInMemory(null, table), "evicted when the other table was loaded");
                        }
                        writes(h, table, ++versions[t], round); // the first write loads the table on a worker
                        assertTrue(db.tableInMemory(null, table));
                        versions[t] += 2;
                        writes(h, table, ++versions[t], round); // in memory: on the IO thread
                        versions[t] += 2;
                    }
                }
            }
            try (MikroDB db = MikroDB.open(d)) { // every acknowledged write is there after a clean close
                assertEquals(18, db.get("a", "w").orElseThrow().version(), durability.configName());
                assertEquals("{\"n\":2,\"last\":true}", db.get("b", "w").orElseThrow().valueJson());
            }
        }
    }

    /** Three writes of {@code key "w"} (a plain one, flushImmediately, a batch of one) and two refused ones. */
    private static void writes(TestHttp h, String table, long version, int round) throws Exception {
        HttpResponse<String> plain = h.post("/write", "{\"tableName\":\"" + table + "\",\"key\":\"w\","
                + "\"value\":{\"n\":" + round + "},\"expectedVersion\":" + (version - 1) + "}");
        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals("{\"success\":true,\"version\":" + version + "}", plain.body());
        HttpResponse<String> stale = h.post("/write", "{\"tableName\":\"" + table + "\",\"key\":\"w\","
                + "\"value\":1,\"expectedVersion\":" + (version - 1) + "}");
        assertEquals(409, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("\"currentVersion\":" + version), stale.body());
        HttpResponse<String> badKey = h.post("/write", "{\"tableName\":\"" + table + "\",\"key\":\"\","
                + "\"value\":1}");
        assertEquals(400, badKey.statusCode(), badKey.body());
        HttpResponse<String> flushed = h.post("/write", "{\"tableName\":\"" + table + "\",\"key\":\"w\","
                + "\"value\":{\"n\":" + round + "},\"flushImmediately\":true}");
        assertEquals("{\"success\":true,\"version\":" + (version + 1) + "}", flushed.body());
        HttpResponse<String> batch = h.post("/write", "[{\"tableName\":\"" + table + "\",\"key\":\"w\","
                + "\"value\":{\"n\":" + round + ",\"last\":true}}]");
        assertEquals(200, batch.statusCode(), batch.body());
        assertTrue(batch.body().contains("\"versions\":[" + (version + 2) + "]"), batch.body());
        HttpResponse<String> read = h.post("/get", "{\"tableName\":\"" + table + "\",\"key\":\"w\"}");
        assertEquals("{\"n\":" + round + ",\"last\":true}", read.body());
    }

    private static void keyReads(TestHttp h, String table) throws Exception {
        HttpResponse<String> found = h.post("/get", "{\"tableName\":\"" + table + "\",\"key\":\"k\"}");
        assertEquals(200, found.statusCode(), found.body());
        assertEquals(table.equals("a") ? "{\"n\":1}" : "{\"n\":2}", found.body());
        assertEquals("1", found.headers().firstValue("X-MikroDB-Version").orElseThrow());
        assertEquals("\"1\"", found.headers().firstValue("ETag").orElseThrow());
        // a body the field-by-field reader declines (a field twice) is read as a tree, where the last one counts
        HttpResponse<String> twice = h.post("/get", "{\"tableName\":\"" + table
                + "\",\"key\":\"no\",\"key\":\"k\"}");
        assertEquals(found.body(), twice.body());
        HttpResponse<String> missing = h.post("/get", "{\"tableName\":\"" + table + "\",\"key\":\"no\"}");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("no item with key 'no'"), missing.body());
        HttpResponse<String> bad = h.post("/get", "{\"tableName\":\"" + table + "\",\"key\":\"k\",\"nonsense\":1}");
        assertEquals(400, bad.statusCode(), bad.body());
    }

    @Test
    void aSyncWriteIsAnsweredOnlyOnceItsFsyncIsDoneAndAFailedFsyncIsA500() throws Exception {
        dev.mikrodb.testing.StalledDisk disk = new dev.mikrodb.testing.StalledDisk();
        try (MikroDB db = disk.open(MikroOptions.builder().databaseDirectory(dir.resolve("sync"))
                .durability(dev.mikrodb.Durability.SYNC).walIntervalMillis(600_000).build());
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            assertEquals(200, h.post("/write", "{\"tableName\":\"t\",\"key\":\"first\",\"value\":1}")
                    .statusCode()); // loads the table: later writes take the IO thread's path
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            disk.holdLogFsyncs(release);
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                server.baseUrl() + "/write")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"tableName\":\"t\",\"key\":\"k"
                                + i + "\",\"value\":" + i + "}")).build(), HttpResponse.BodyHandlers.ofString()));
            }
            while (db.tableSize("t") < 9) { // every write is committed (in the log and in memory) ...
                Thread.onSpinWait();
            }
            assertEquals(200, h.post("/get", "{\"tableName\":\"t\",\"key\":\"k3\"}").statusCode(),
                    "and the IO threads still answer others");
            for (var answer : answers) { // ... but none is acknowledged while its fsync is held
                assertFalse(answer.isDone(), "a sync write was acknowledged before its fsync");
            }
            release.countDown();
            for (var answer : answers) {
                HttpResponse<String> r = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().startsWith("{\"success\":true,\"version\":1"), r.body());
            }
            disk.failNextLogFsync();
            HttpResponse<String> failed = h.post("/write", "{\"tableName\":\"t\",\"key\":\"lost\",\"value\":1}");
            assertEquals(500, failed.statusCode(), failed.body());
            assertTrue(failed.body().contains("may not survive a crash"), failed.body());
        } catch (dev.mikrodb.StorageException closingAFailedLog) {
            // closing a database whose log failed reports that failure again
        }
    }
}
