package dev.mikrodb.server;

import static dev.mikrodb.server.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ServerSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document API's HTTP contract (docs/documents.md) route by route, and databaseName on key-value routes. */
class DocumentRoutesTest {
    @TempDir
    Path dir;
    MikroDB db;
    MikroServer server;
    TestHttp http;

    @BeforeEach
    void start() {
        db = MikroDB.open(dir);
        server = MikroServer.start(db, ServerSettings.builder().port(0).build());
        http = new TestHttp(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    private JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    private void error(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains(fragment), r.body());
        assertFalse(r.body().contains("\tat "), "no stack trace: " + r.body());
    }

    @Test
    void databasesCollectionsStatsAndDrop() throws Exception {
        assertEquals("{\"databases\":[]}", http.get("/db").body());
        error(http.get("/db/inventory"), 404, "no database named 'inventory'");
        error(http.get("/db/inventory/stats"), 404, "inventory");
        JsonNode inserted = ok(http.post("/db/inventory/products/insert_one", "{\"document\": {\"name\": \"Desk\"}}"));
        assertTrue(inserted.get("inserted_id").asText().matches("[0-9a-f]{24}"), inserted.toString());
        ok(http.post("/db/inventory/orders/insert_many", "{\"documents\": [{\"_id\": \"o1\"}, {\"_id\": \"o2\"}]}"));
        assertEquals("{\"databases\":[\"inventory\"]}", http.get("/db").body());
        assertEquals("{\"collections\":[\"orders\",\"products\"]}", http.get("/db/inventory").body());
        JsonNode stats = ok(http.get("/db/inventory/stats"));
        assertEquals("inventory", stats.get("database").asText());
        assertEquals(2, stats.get("collections").asInt());
        assertEquals(3, stats.get("documents").asInt());
        assertTrue(stats.get("bytes").asLong() > 20, stats.toString());
        assertEquals("{\"success\":true}", http.delete("/db/inventory").body());
        assertEquals("{\"databases\":[]}", http.get("/db").body());
        error(http.delete("/db/inventory"), 404, "inventory");
    }

    @Test
    void readsOfUnknownCollectionsAreEmptyAndWritesCreateThem() throws Exception {
        assertEquals("{\"documents\":[]}", http.post("/db/shop/items/find", "{\"filter\": {}}").body());
        assertEquals("{\"document\":null}", http.post("/db/shop/items/find_one", "{}").body());
        assertEquals("{\"count\":0}", http.post("/db/shop/items/count", "{}").body());
        assertEquals(200, http.post("/db/shop/items/insert_one", "{\"document\": {\"_id\": \"a\", \"n\": 1}}")
                .statusCode());
        assertEquals("{\"documents\":[{\"_id\":\"a\",\"n\":1}]}", http.post("/db/shop/items/find",
                "{\"filter\": {\"n\": {\"$gte\": 1}}}").body());
    }

    @Test
    void everyOperationAnswersWithMongoDbResultNames() throws Exception {
        String base = "/db/app/users/";
        ok(http.post(base + "insert_many", "{\"documents\": [{\"_id\": \"1\", \"age\": 30, \"tags\": [\"a\"]}, "
                + "{\"_id\": \"2\", \"age\": 40, \"tags\": [\"b\"]}]}"));
        assertEquals("{\"documents\":[{\"age\":40}]}", http.post(base + "find", "{\"filter\": {\"age\": {\"$gt\": 35}},"
                + " \"options\": {\"projection\": {\"age\": 1, \"_id\": 0}}}").body());
        assertEquals("{\"values\":[\"a\",\"b\"]}", http.post(base + "distinct", "{\"field\": \"tags\"}").body());
        assertEquals("{\"matched_count\":2,\"modified_count\":2}", http.post(base + "update_many",
                "{\"filter\": {}, \"update\": {\"$inc\": {\"age\": 1}}}").body());
        JsonNode upsert = ok(http.post(base + "update_one", "{\"filter\": {\"_id\": \"3\"}, \"update\": {\"$set\": "
                + "{\"age\": 1}}, \"options\": {\"upsert\": true}}"));
        assertEquals("3", upsert.get("upserted_id").asText());
        assertEquals("{\"matched_count\":1,\"modified_count\":1}", http.post(base + "replace_one",
                "{\"filter\": {\"_id\": \"3\"}, \"replacement\": {\"age\": 2}}").body());
        assertEquals("{\"deleted_count\":1}", http.post(base + "delete_one", "{\"filter\": {\"_id\": \"3\"}}")
                .body());
        JsonNode bulk = ok(http.post(base + "bulk_write", "{\"operations\": [{\"insert_one\": {\"document\": "
                + "{\"_id\": \"4\"}}}, {\"delete_many\": {\"filter\": {\"age\": {\"$gte\": 31}}}}]}"));
        assertEquals(1, bulk.get("inserted_count").asInt());
        assertEquals(2, bulk.get("deleted_count").asInt());
        assertEquals("[\"4\"]", bulk.get("inserted_ids").toString());
        assertEquals("{\"count\":1}", http.post(base + "count", "{\"filter\": {}}").body());
    }

    @Test
    void errorsAreClearAndWriteNothing() throws Exception {
        String base = "/db/app/users/";
        ok(http.post(base + "insert_one", "{\"document\": {\"_id\": \"1\", \"n\": \"text\"}}"));
        HttpResponse<String> dup = http.post(base + "insert_one", "{\"document\": {\"_id\": \"1\"}}");
        error(dup, 409, "already exists");
        assertEquals("1", json(dup).get("_id").asText());
        HttpResponse<String> repeated = http.post(base + "insert_many",
                "{\"documents\": [{\"_id\": \"7\"}, {\"_id\": \"8\"}, {\"_id\": \"7\"}]}");
        error(repeated, 409, "document 2: _id '7' is also document 0's in this insert_many");
        assertEquals("7", json(repeated).get("_id").asText());
        assertEquals("{\"count\":1}", http.post(base + "count", "{\"filter\": {}}").body());
        error(http.post(base + "update_one", "{\"filter\": {}, \"update\": {\"$inc\": {\"n\": 1}}}"), 400,
                "not a number");
        error(http.post(base + "update_one", "{\"filter\": {}, \"update\": {\"$set\": {\"a\": 1}, "
                + "\"$unset\": {\"a\": \"\"}}}"), 400, "conflict");
        error(http.post(base + "find", "{\"filter\": {\"n\": {\"$bad\": 1}}}"), 400, "unknown operator '$bad'");
        error(http.post(base + "find", "{\"filter\": {}, \"unknown\": 1}"), 400, "unknown field 'unknown'");
        error(http.post(base + "bulk_write", "{\"operations\": [{\"insert_one\": {\"document\": {\"_id\": \"2\"}}}, "
                + "{\"update_one\": {\"filter\": {}, \"update\": {\"$push\": {\"n\": 1}}}}]}"), 400, "operation 1");
        error(http.post(base + "teleport", "{}"), 404, "no document operation 'teleport'");
        error(http.post("/db/admin/users/find", "{}"), 400, "reserved");
        error(http.post("/db/9lives/users/find", "{}"), 400, "must not start with a digit");
        error(http.post("/db/app/bad~name/find", "{}"), 400, "table name");
        error(http.post(base + "update_one", "{\"filter\": {\"_id\": \"1\"}, \"update\": {\"$set\": {\"x\": 1}}, "
                + "\"expectedVersion\": 7}"), 409, "expected version 7");
        assertEquals("{\"documents\":[{\"_id\":\"1\",\"n\":\"text\"}]}", http.post(base + "find", "{}").body());
    }

    @Test
    void keyValueRoutesTakeADatabaseName() throws Exception {
        ok(http.post("/db/app/users/insert_one", "{\"document\": {\"_id\": \"ada\", \"name\": \"Ada\"}}"));
        HttpResponse<String> get = http.post("/get", "{\"databaseName\": \"app\", \"tableName\": \"users\", "
                + "\"key\": \"ada\"}");
        assertEquals(200, get.statusCode(), get.body());
        assertEquals("{\"_id\":\"ada\",\"name\":\"Ada\"}", get.body());
        assertEquals("1", get.headers().firstValue("X-MikroDB-Version").orElse(""));
        assertEquals(404, http.post("/get", "{\"tableName\": \"users\", \"key\": \"ada\"}").statusCode(),
                "the default database is another namespace");
        ok(http.post("/write", "{\"databaseName\": \"app\", \"tableName\": \"users\", \"key\": \"bob\", "
                + "\"value\": {\"_id\": \"bob\", \"name\": \"Bob\"}, \"expectedVersion\": 0}"));
        assertEquals("{\"count\":2}", http.post("/db/app/users/count", "{}").body());
        assertEquals("[\"users\"]", http.get("/tables?databaseName=app").body());
        assertEquals("[]", http.get("/tables").body());
        assertEquals("{\"tableName\":\"users\",\"size\":2}", http.get("/table?databaseName=app&tableName=users")
                .body());
        ok(http.delete("/delete?databaseName=app&tableName=users&key=bob"));
        error(http.post("/write", "[{\"databaseName\": \"app\", \"tableName\": \"t\", \"key\": \"k\", \"value\": 1}, "
                + "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 1}]"), 400, "within one database");
        ok(http.delete("/table?databaseName=app&tableName=users"));
        assertEquals("{\"databases\":[]}", http.get("/db").body());
    }
}
