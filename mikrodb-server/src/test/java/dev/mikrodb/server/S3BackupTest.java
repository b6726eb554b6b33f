package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.MikroConfig;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.testing.MutableClock;
import dev.mikrodb.wire.WireJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** Issue 16: backups round-trip through a real S3-compatible server (S3Proxy, a child process on loopback). */
class S3BackupTest {
    @TempDir
    Path dir;

    @Test
    void backupsAreCopiedToTheBucketListedFromItAndRestoredFromIt() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T01:00:00Z").toEpochMilli());
        try (S3TestServer s3server = new S3TestServer(Files.createDirectories(dir.resolve("s3")));
             S3Client s3 = s3server.client()) {
            s3.createBucket(r -> r.bucket("backups"));
            Path local = dir.resolve("local-backups");
            try (MikroServer server = MikroServer.start(new MikroConfig(MikroOptions.builder()
                    .databaseDirectory(dir.resolve("data")).clock(clock).build(), ServerSettings.builder().port(0)
                    .clock(clock).backup(b -> b.directory(local.toString())).backup(b -> b.enabled(true)).backup(b -> b.keepLast(2))
                    .backup(b -> b.s3Bucket("backups")).backup(b -> b.s3Endpoint(s3server.endpoint)).backup(b -> b.s3Prefix("prod/"))
                    .backup(b -> b.s3Credentials(S3TestServer.IDENTITY, S3TestServer.CREDENTIAL)).build()))) {
                TestHttp h = new TestHttp(server.baseUrl());
                h.post("/write", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1}");
                var answer = h.post("/api/backup", null);
                assertEquals(200, answer.statusCode(), answer.body());
                JsonNode taken = WireJson.parse(answer.body(), "backup");
                String name = taken.get("filename").asText();
                assertEquals("local+s3", taken.get("location").asText(), taken.toString());
                assertEquals(List.of("prod/" + name), s3.listObjectsV2(r -> r.bucket("backups")).contents().stream()
                        .map(o -> o.key()).toList());

                h.post("/write", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":2}");
                Files.delete(local.resolve(name)); // only the bucket has it now
                JsonNode listed = WireJson.parse(h.get("/api/backups").body(), "list").get("backups");
                assertEquals(1, listed.size());
                assertEquals("s3", listed.get(0).get("location").asText());
                assertEquals(200, h.post("/api/backups/verify", "{\"filename\":\"" + name + "\"}").statusCode());
                JsonNode restored = WireJson.parse(h.post("/api/restore", "{\"filename\":\"" + name + "\"}").body(),
                        "restore");
                assertEquals(1, restored.get("collections_restored").asInt(), restored.toString());
                assertEquals("1", h.post("/get", "{\"tableName\":\"t\",\"key\":\"k\"}").body(), "the bucket's copy");

                var scheduler = server.backupScheduler();
                for (int day = 0; day < 4; day++) { // 02:00 on four days; keep_last 2 applies to the bucket too
                    clock.advance(day == 0 ? 3_600_000 : 86_400_000);
                    assertNotNull(scheduler.runDue());
                }
                List<String> keys = s3.listObjectsV2(r -> r.bucket("backups")).contents().stream().map(o -> o.key())
                        .sorted().toList();
                assertEquals(List.of("prod/backup-2026-11-26-02-00-00.zip", "prod/backup-2026-11-27-02-00-00.zip"),
                        keys);
            }
        }
    }
}
