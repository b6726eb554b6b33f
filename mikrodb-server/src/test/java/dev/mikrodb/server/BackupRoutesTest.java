package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.wire.WireJson;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16 over HTTP: backups while serving, listing, verify, and online restore that keeps serving on failure. */
class BackupRoutesTest {
    @TempDir
    Path dir;

    @Test
    void backupListVerifyAndRestoreOnlineWhileServing() throws Exception {
        Path backups = dir.resolve("backups");
        try (MikroServer server = MikroServer.start(new MikroConfig(MikroOptions.builder()
                .databaseDirectory(dir.resolve("data")).build(), ServerSettings.builder().port(0)
                .backup(b -> b.directory(backups.toString())).build()))) {
            TestHttp h = new TestHttp(server.baseUrl());
            for (int i = 0; i < 100; i++) {
                assertEquals(200, h.post("/write", "{\"tableName\":\"t\",\"key\":\"k" + i + "\",\"value\":" + i + "}")
                        .statusCode());
            }
            assertEquals(200, h.post("/db/shop/orders/insert_one", "{\"document\":{\"_id\":\"o1\",\"n\":1}}")
                    .statusCode());
            JsonNode taken = json(h.post("/api/backup", null));
            String file = taken.get("filename").asText();
            assertTrue(file.startsWith("backup-") && file.endsWith(".zip"), taken.toString());
            assertTrue(taken.get("size_bytes").asLong() > 0 && taken.has("duration_ms"), taken.toString());
            assertEquals(2, taken.get("databases_count").asInt(), taken.toString());
            assertEquals(2, taken.get("collections_count").asInt(), taken.toString());

            h.post("/write", "{\"tableName\":\"t\",\"key\":\"after\",\"value\":1}");
            h.send("DELETE", "/delete?tableName=t&key=k0", null);

            JsonNode listed = json(h.get("/api/backups")).get("backups");
            assertEquals(1, listed.size());
            assertEquals(file, listed.get(0).get("filename").asText());
            assertTrue(listed.get(0).has("created_at") && listed.get(0).has("size_bytes"));
            JsonNode verified = json(h.post("/api/backups/verify", "{\"filename\":\"" + file + "\"}"));
            assertTrue(verified.get("valid").asBoolean(), verified.toString());

            // a damaged copy fails verify and restore, naming the file, and the data keeps serving
            byte[] bytes = Files.readAllBytes(backups.resolve(file));
            bytes[50] ^= 1;
            Files.write(backups.resolve("damaged.zip"), bytes);
            HttpResponse<String> bad = h.post("/api/backups/verify", "{\"filename\":\"damaged.zip\"}");
            assertEquals(422, bad.statusCode(), bad.body());
            assertEquals("mikrodb.meta", json(bad).get("file").asText());
            assertEquals(422, h.post("/api/restore", "{\"filename\":\"damaged.zip\"}").statusCode());
            assertEquals(200, h.post("/get", "{\"tableName\":\"t\",\"key\":\"after\"}").statusCode());

            JsonNode restored = json(h.post("/api/restore", "{\"filename\":\"" + file + "\"}"));
            assertEquals(2, restored.get("databases_restored").asInt(), restored.toString());
            assertEquals(2, restored.get("collections_restored").asInt());
            assertTrue(restored.has("duration_ms"));
            assertEquals(404, h.post("/get", "{\"tableName\":\"t\",\"key\":\"after\"}").statusCode(),
                    "written after the backup: gone");
            assertEquals("0", h.post("/get", "{\"tableName\":\"t\",\"key\":\"k0\"}").body(), "deleted after: back");
            assertEquals(1, json(h.post("/db/shop/orders/count", "{\"filter\":{}}")).get("count").asInt());
            assertEquals(200, h.post("/write", "{\"tableName\":\"t\",\"key\":\"new\",\"value\":1}").statusCode(),
                    "the restored database takes writes");

            assertEquals(400, h.post("/api/restore", "{\"filename\":\"../data/x.zip\"}").statusCode());
            assertEquals(404, h.post("/api/restore", "{\"filename\":\"nope.zip\"}").statusCode());
            try (var siblings = Files.list(dir)) {
                assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains(".restoring-")
                        || p.getFileName().toString().contains(".before-restore-")), "nothing left beside the data");
            }
        }
        try (MikroDB reopened = MikroDB.open(dir.resolve("data"))) {
            assertEquals(101, reopened.tableSize("t"), "the restored data, plus one write, survives a restart");
        }
    }

    @Test
    void aServerOverACallersDatabaseBacksUpButDoesNotRestoreOnline() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("data"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0)
                     .backup(b -> b.directory(dir.resolve("b").toString())).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            db.write("t", "k", 1);
            String file = json(h.post("/api/backup", null)).get("filename").asText();
            HttpResponse<String> r = h.post("/api/restore", "{\"filename\":\"" + file + "\"}");
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(r.body().contains("mikrodb restore"), r.body());
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        assertEquals(200, r.statusCode() == 422 ? 200 : r.statusCode(), r.body());
        return WireJson.parse(r.body(), "answer");
    }
}
