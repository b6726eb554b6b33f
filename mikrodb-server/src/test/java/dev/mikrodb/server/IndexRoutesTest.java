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

/** The index, listing and explain routes of docs/indexes.md, over real HTTP. */
class IndexRoutesTest {
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

    @Test
    void indexesOnKeyValueTablesAndExplainedQueries() throws Exception {
        for (int i = 0; i < 200; i++) {
            ok(http.post("/write", "{\"tableName\": \"users\", \"key\": \"u" + i + "\", \"value\": {\"age\": "
                    + (i % 20) + ", \"email\": \"e" + i + "@x\"}}"));
        }
        JsonNode created = ok(http.post("/index", "{\"tableName\": \"users\", \"fields\": [{\"path\": \"age\", "
                + "\"order\": 1}]}"));
        assertEquals("age_1", created.get("name").asText());
        assertEquals(200, created.get("entries").asInt());
        ok(http.post("/index", "{\"tableName\": \"users\", \"fields\": [\"email\"], \"unique\": true, "
                + "\"name\": \"by_email\"}"));
        JsonNode list = ok(http.get("/indexes?tableName=users"));
        assertEquals(2, list.get("indexes").size());
        JsonNode explained = ok(http.post("/get", "{\"tableName\": \"users\", \"options\": {\"filter\": "
                + "{\"age\": 7}}, \"explain\": true}"));
        assertEquals("age_1", explained.get("plan").get("index").asText());
        assertEquals(10, explained.get("plan").get("keysExamined").asInt());
        assertEquals(10, explained.get("plan").get("returned").asInt());
        assertEquals(10, explained.get("results").size());
        assertTrue(explained.get("plan").has("itemsExamined") && explained.get("plan").has("micros"));
        HttpResponse<String> dup = http.post("/write", "{\"tableName\": \"users\", \"key\": \"dup\", \"value\": "
                + "{\"email\": \"e5@x\"}}");
        assertEquals(409, dup.statusCode(), dup.body());
        assertEquals("by_email", json(dup).get("index").asText());
        assertEquals("u5", json(dup).get("key").asText());
        assertEquals(404, http.post("/get", "{\"tableName\": \"users\", \"key\": \"dup\"}").statusCode());
        ok(http.delete("/index?tableName=users&name=by_email"));
        assertEquals(404, http.delete("/index?tableName=users&name=by_email").statusCode());
        assertEquals(400, http.post("/index", "{\"tableName\": \"users\", \"fields\": []}").statusCode());
        assertEquals(400, http.post("/index", "{\"tableName\": \"users\", \"fields\": [{\"path\": \"a\", "
                + "\"order\": 2}]}").statusCode());
    }

    @Test
    void listingPagesWithCursors() throws Exception {
        for (String k : new String[] {"user:1", "user:2", "user:3", "team:1"}) {
            ok(http.post("/write", "{\"tableName\": \"t\", \"key\": \"" + k + "\", \"value\": 1}"));
        }
        JsonNode first = ok(http.get("/list?tableName=t&prefix=user%3A&limit=2"));
        assertEquals(java.util.List.of("user:1", "user:2"), first.get("keys").findValuesAsText("key"));
        assertFalse(first.get("listComplete").asBoolean());
        assertEquals(1, first.get("keys").get(0).get("version").asInt());
        assertTrue(first.get("keys").get(0).get("expiration").isNull());
        String cursor = first.get("cursor").asText();
        JsonNode second = ok(http.get("/list?tableName=t&prefix=user%3A&limit=2&cursor=" + cursor));
        assertEquals(1, second.get("keys").size());
        assertTrue(second.get("listComplete").asBoolean());
        assertFalse(second.has("cursor"));
        assertEquals(400, http.get("/list?tableName=t&prefix=user%3A&limit=2&cursor=" + cursor + "x").statusCode());
        assertEquals(400, http.get("/list?tableName=t&limit=0").statusCode());
        assertEquals(400, http.get("/list?tableName=t&limit=1001").statusCode());
        assertEquals(java.util.List.of("user:3", "user:2"), ok(http.get("/list?tableName=t&reverse=true&limit=2"
                + "&end=user%3A4")).get("keys").findValuesAsText("key"));
    }

    @Test
    void documentIndexRoutes() throws Exception {
        ok(http.post("/db/shop/items/insert_many", "{\"documents\": [{\"_id\": \"a\", \"sku\": \"X1\"}, "
                + "{\"_id\": \"b\", \"sku\": \"X2\"}]}"));
        JsonNode idx = ok(http.post("/db/shop/items/create_index", "{\"field\": \"sku\", \"options\": "
                + "{\"unique\": true}}"));
        assertEquals("sku_1", idx.get("name").asText());
        assertTrue(idx.get("unique").asBoolean());
        ok(http.post("/db/shop/items/create_index", "{\"fields\": {\"sku\": 1, \"price\": -1}}"));
        assertEquals(2, ok(http.get("/db/shop/items/indexes")).get("indexes").size());
        HttpResponse<String> dup = http.post("/db/shop/items/insert_one", "{\"document\": {\"sku\": \"X1\"}}");
        assertEquals(409, dup.statusCode(), dup.body());
        ok(http.post("/db/shop/items/drop_index", "{\"field\": \"sku\"}"));
        assertEquals(404, http.post("/db/shop/items/drop_index", "{\"name\": \"sku_1\"}").statusCode());
        assertEquals(1, ok(http.get("/db/shop/items/indexes")).get("indexes").size());
    }
}
