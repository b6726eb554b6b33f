package dev.mikrodb.server;

import static dev.mikrodb.server.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.testing.MutableClock;
import dev.mikrodb.config.ServerSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row of the HTTP contract and every error status, over real HTTP on a free loopback port. */
class MikroServerTest {
    @TempDir
    Path dir;
    MikroDB db;
    MikroServer server;
    TestHttp http;
    final MutableClock clock = new MutableClock(1_700_000_000_000L);

    @BeforeEach
    void start() {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock).build());
        server = MikroServer.start(db, ServerSettings.builder().port(0).maxBodyBytes(64 * 1024).build());
        http = new TestHttp(server.baseUrl());
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertTrue(body.has("error"), r.body());
        assertTrue(body.get("error").asText().contains(fragment), body.get("error").asText());
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack traces: " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void writeThenGetByKeyReturnsTheValueWithVersionAsETag() throws Exception {
        HttpResponse<String> w = http.post("/write", "{\"tableName\": \"users\", \"key\": \"u1\", \"value\": "
                + "{\"name\": \"Ada\"}}");
        assertEquals(200, w.statusCode(), w.body());
        assertEquals("{\"success\":true,\"version\":1}", w.body());
        http.post("/write", "{\"tableName\": \"users\", \"key\": \"u1\", \"value\": {\"name\": \"Grace\"}}");
        HttpResponse<String> g = http.post("/get", "{\"tableName\": \"users\", \"key\": \"u1\"}");
        assertEquals(200, g.statusCode());
        assertEquals("{\"name\":\"Grace\"}", g.body());
        assertEquals("\"2\"", g.headers().firstValue("ETag").orElseThrow());
        assertEquals("2", g.headers().firstValue("X-MikroDB-Version").orElseThrow());
        assertTrue(Long.parseLong(g.headers().firstValue("X-MikroDB-Timestamp").orElseThrow()) > 0);
        assertTrue(g.headers().firstValue("X-MikroDB-Expiration").isEmpty());
        assertError(http.post("/get", "{\"tableName\": \"users\", \"key\": \"nobody\"}"), 404, "nobody");
    }

    @Test
    void nullIsAValueButAMissingValueIsAnError() throws Exception {
        assertEquals(200, http.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": null}").statusCode());
        HttpResponse<String> g = http.post("/get", "{\"tableName\": \"t\", \"key\": \"k\"}");
        assertEquals(200, g.statusCode());
        assertEquals("null", g.body());
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"k2\"}"), 400, "value is missing");
    }

    @Test
    void queryReturnsAnArrayOfValues() throws Exception {
        for (int i = 1; i <= 5; i++) {
            http.post("/write", "{\"tableName\": \"users\", \"key\": \"u" + i + "\", \"value\": {\"age\": " + (20 + i)
                    + ", \"active\": " + (i % 2 == 0) + "}}");
        }
        HttpResponse<String> all = http.post("/get", "{\"tableName\": \"users\"}");
        assertEquals(200, all.statusCode());
        assertEquals(5, json(all).size());
        HttpResponse<String> q = http.post("/get", "{\"tableName\": \"users\", \"options\": {\"filter\": "
                + "{\"age\": {\"operator\": \"gte\", \"value\": 22}}, \"sort\": {\"age\": -1}, \"limit\": 2, "
                + "\"offset\": 1}}");
        assertEquals("[{\"age\":24,\"active\":true},{\"age\":23,\"active\":false}]", q.body());
        assertEquals("[]", http.post("/get", "{\"tableName\": \"nothing\"}").body());
        JsonNode withMeta = json(http.post("/get", "{\"tableName\": \"users\", \"withMetadata\": true, "
                + "\"options\": {\"filter\": {\"age\": 21}}}"));
        assertEquals(1, withMeta.size());
        assertEquals("u1", withMeta.get(0).get("key").asText());
        assertEquals(21, withMeta.get(0).get("value").get("age").asInt());
        assertEquals(1, withMeta.get(0).get("version").asInt());
        assertTrue(withMeta.get(0).get("timestamp").asLong() > 0);
        assertTrue(withMeta.get(0).get("expiration").isNull());
        assertError(http.post("/get", "{\"tableName\": \"users\", \"options\": {\"filter\": {\"age\": "
                + "{\"operator\": \"bigger\", \"value\": 1}}}}"), 400, "unknown operator 'bigger'");
        assertError(http.post("/get", "{\"tableName\": \"users\", \"options\": {\"limit\": -1}}"), 400, "limit");
    }

    @Test
    void versionConflictsAre409WithTheCurrentVersion() throws Exception {
        http.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 1}");
        HttpResponse<String> ok = http.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 2, "
                + "\"expectedVersion\": 1}");
        assertEquals(2, json(ok).get("version").asInt());
        HttpResponse<String> conflict = http.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 3, "
                + "\"expectedVersion\": 1}");
        assertError(conflict, 409, "version conflict");
        assertEquals(2, json(conflict).get("currentVersion").asInt());
        assertEquals("2", http.post("/get", "{\"tableName\": \"t\", \"key\": \"k\"}").body());
    }

    @Test
    void batchWritesAreAllOrNothing() throws Exception {
        HttpResponse<String> ok = http.post("/write", "[{\"tableName\": \"a\", \"key\": \"x\", \"value\": 1},"
                + " {\"tableName\": \"b\", \"key\": \"y\", \"value\": 2}]");
        assertEquals("{\"success\":true,\"versions\":[1,1]}", ok.body());
        HttpResponse<String> conflict = http.post("/write", "[{\"tableName\": \"a\", \"key\": \"new\", \"value\": 1},"
                + " {\"tableName\": \"b\", \"key\": \"y\", \"value\": 3, \"expectedVersion\": 5}]");
        assertError(conflict, 409, "expected version 5");
        assertError(http.post("/get", "{\"tableName\": \"a\", \"key\": \"new\"}"), 404, "new");
        assertError(http.post("/write", "[{\"tableName\": \"a\", \"key\": \"z\", \"value\": 1}, {\"tableName\": "
                + "\"../b\", \"key\": \"y\", \"value\": 3}]"), 400, "write 1 of the batch");
        assertError(http.post("/write", "[]"), 400, "at least one");
        assertError(http.post("/get", "{\"tableName\": \"a\", \"key\": \"z\"}"), 404, "z");
    }

    @Test
    void expirationAndTtl() throws Exception {
        long future = clock.millis() + 60_000;
        assertEquals(200, http.post("/write", "{\"tableName\": \"t\", \"key\": \"e\", \"value\": 1, \"expiration\": "
                + future + "}").statusCode());
        assertEquals(future, db.get("t", "e").orElseThrow().expiration());
        assertEquals(200, http.post("/write", "{\"tableName\": \"t\", \"key\": \"ttl\", \"value\": 1, \"ttl\": 0.05}")
                .statusCode());
        assertEquals(200, http.post("/get", "{\"tableName\": \"t\", \"key\": \"ttl\"}").statusCode());
        clock.advance(50);
        assertError(http.post("/get", "{\"tableName\": \"t\", \"key\": \"ttl\"}"), 404, "ttl");
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"p\", \"value\": 1, \"expiration\": "
                + (clock.millis() - 1000) + "}"), 400, "not in the future");
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"p\", \"value\": 1, \"expiration\": 3600}"),
                400, "use \"ttl\"");
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"p\", \"value\": 1, \"ttl\": -5}"), 400,
                "ttl");
    }

    @Test
    void deleteByQueryParameters() throws Exception {
        http.post("/write", "{\"tableName\": \"t\", \"key\": \"a b/c\", \"value\": 1}");
        http.post("/write", "{\"tableName\": \"t\", \"key\": \"a b/c\", \"value\": 2}");
        assertError(http.delete("/delete?tableName=t&key=a%20b%2Fc&expectedVersion=1"), 409, "current version is 2");
        assertEquals("{\"success\":true}", http.delete("/delete?tableName=t&key=a%20b%2Fc&expectedVersion=2").body());
        assertError(http.delete("/delete?tableName=t&key=a%20b%2Fc"), 404, "a b/c");
        assertError(http.delete("/delete?tableName=t"), 400, "key");
        assertError(http.delete("/delete?tableName=t&key=x&expectedVersion=abc"), 400, "expectedVersion");
        assertError(http.delete("/delete?tableName=..&key=x"), 400, "table name");
    }

    @Test
    void tablesTableSizeDropFlushCleanupDumpAndHealth() throws Exception {
        http.post("/write", "[{\"tableName\": \"a\", \"key\": \"1\", \"value\": 1}, {\"tableName\": \"a\", \"key\": "
                + "\"2\", \"value\": 2}, {\"tableName\": \"b\", \"key\": \"1\", \"value\": 1}]");
        assertEquals("{\"tableName\":\"a\",\"size\":2}", http.get("/table?tableName=a").body());
        assertError(http.get("/table?tableName=zzz"), 404, "zzz");
        assertEquals("[\"a\",\"b\"]", http.get("/tables").body());
        JsonNode health = json(http.get("/health"));
        assertEquals("ok", health.get("status").asText());
        assertEquals(200, http.post("/flush", null).statusCode());
        assertEquals(200, http.post("/flushWAL", null).statusCode());
        assertEquals(0, json(http.post("/cleanup", null)).get("removed").asInt());
        assertEquals("[\"a_dump.json\"]", json(http.post("/dump", "{\"tableName\": \"a\"}")).get("files").toString());
        assertTrue(dir.resolve("a_dump.json").toFile().exists());
        assertEquals("{\"success\":true}", http.delete("/table?tableName=b").body());
        assertError(http.delete("/table?tableName=b"), 404, "b");
        assertEquals("[\"a\"]", http.get("/tables").body());
    }

    @Test
    void malformedRequestsGetClearErrors() throws Exception {
        assertError(http.get("/nope"), 404, "no such endpoint");
        assertError(http.get("/write"), 405, "not allowed");
        assertError(http.post("/write", "{\"tableName\": "), 400, "not valid JSON");
        assertError(http.post("/write", "[1, 2"), 400, "not valid JSON");
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": NaN}"), 400,
                "request body is not valid JSON: 'NaN' is not a JSON number: JSON has no NaN or infinity");
        assertError(http.post("/write", "\"just a string\""), 400, "JSON object");
        assertError(http.post("/write", ""), 400, "empty");
        assertError(http.post("/get", "{\"tableName\": 5}"), 400, "tableName must be a string");
        assertError(http.post("/get", "{\"key\": \"k\"}"), 400, "tableName is missing");
        assertError(http.post("/get", "{\"tableName\": \"t\", \"key\": \"k\", \"extra\": 1}"), 400, "unknown field");
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"\", \"value\": 1}"), 400, "key");
        String deep = "[".repeat(300) + "]".repeat(300);
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"d\", \"value\": " + deep + "}"), 400,
                "nested more than 256 levels deep");
        String big = "{\"tableName\": \"t\", \"key\": \"big\", \"value\": \"" + "x".repeat(70 * 1024) + "\"}";
        assertError(http.post("/write", big), 413, "larger than the limit");
        assertFalse(db.get("t", "big").isPresent());
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        try (MikroServer limited = MikroServer.start(db, ServerSettings.builder().port(0).rateLimit(5).build())) {
            TestHttp h = new TestHttp(limited.baseUrl());
            for (int i = 0; i < 5; i++) {
                assertEquals(200, h.get("/health").statusCode());
            }
            HttpResponse<String> limitedResponse = h.get("/health");
            assertError(limitedResponse, 429, "rate limit");
            long retryAfter = Long.parseLong(limitedResponse.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 12, "Retry-After " + retryAfter);
        }
    }

    @Test
    void corsPreflightAndAllowedOrigins() throws Exception {
        assertError(http.send("OPTIONS", "/write", null, "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST"), 403, "not allowed");
        assertError(http.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 1}", "Origin",
                "https://app.example"), 403, "not allowed");
        try (MikroServer open = MikroServer.start(db, ServerSettings.builder().port(0)
                .allowedDomains(java.util.List.of("*")).build())) {
            HttpResponse<String> preflight = new TestHttp(open.baseUrl()).send("OPTIONS", "/write", null, "Origin",
                    "https://app.example", "Access-Control-Request-Method", "POST");
            assertEquals(204, preflight.statusCode());
            assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
        }
        try (MikroServer strict = MikroServer.start(db, ServerSettings.builder().port(0)
                .allowedDomains(java.util.List.of("https://app.example")).build())) {
            TestHttp h = new TestHttp(strict.baseUrl());
            HttpResponse<String> ok = h.send("OPTIONS", "/get", null, "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
            assertEquals(204, ok.statusCode());
            assertEquals("https://app.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertEquals("Origin", ok.headers().firstValue("Vary").orElseThrow());
            assertError(h.send("OPTIONS", "/get", null, "Origin", "https://evil.example",
                    "Access-Control-Request-Method", "POST"), 403, "not allowed");
            assertError(h.post("/write", "{\"tableName\": \"t\", \"key\": \"k\", \"value\": 1}", "Origin",
                    "https://evil.example"), 403, "not allowed");
            assertFalse(db.get("t", "k").isPresent());
            assertEquals(200, h.get("/health", "Origin", "https://app.example").statusCode());
        }
    }

    @Test
    void apiKeyIsRequiredEverywhereButHealth() throws Exception {
        try (MikroServer secured = MikroServer.start(db, ServerSettings.builder().port(0).apiKey("s3cret-0123456789abcdef").build())) {
            TestHttp h = new TestHttp(secured.baseUrl());
            assertEquals(200, h.get("/health").statusCode());
            HttpResponse<String> denied = h.get("/tables");
            assertError(denied, 401, "credentials");
            assertTrue(denied.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
            assertError(h.get("/tables", "Authorization", "Bearer wrong"), 401, "credentials");
            assertError(h.get("/tables", "X-API-Key", "s3cret-0123456789abcdef-but-longer"), 401, "credentials");
            assertEquals(200, h.get("/tables", "Authorization", "Bearer s3cret-0123456789abcdef").statusCode());
            assertEquals(200, h.get("/tables", "X-API-Key", "s3cret-0123456789abcdef").statusCode());
            assertError(h.get("/events"), 401, "credentials");
        }
    }

    @Test
    void refusesToListenPubliclyWithoutAnApiKey() {
        dev.mikrodb.config.ConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mikrodb.config.ConfigurationException.class,
                () -> MikroServer.start(db, ServerSettings.builder().port(0).host("0.0.0.0").build()));
        assertTrue(e.getMessage().contains("without credentials") && e.getMessage().contains("--auth")
                && e.getMessage().contains("--insecure"),
                e.getMessage());
        MikroServer.checkBindingIsSafe(ServerSettings.builder().host("0.0.0.0").apiKey("0123456789abcdef").build());
        MikroServer.checkBindingIsSafe(ServerSettings.builder().host("0.0.0.0").insecure(true).build());
        MikroServer.checkBindingIsSafe(ServerSettings.builder().host("0.0.0.0").auth(true).build());
        MikroServer.checkBindingIsSafe(ServerSettings.builder().host("::1").build());
    }
}
