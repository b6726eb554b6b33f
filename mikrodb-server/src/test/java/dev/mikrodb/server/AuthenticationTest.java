package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Role;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.testing.MutableClock;
import dev.mikrodb.wire.WireJson;
import dev.mikrodb.server.testing.ServerProcesses;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: first start, login, lockout, and no secret in any file of the data directory. */
class AuthenticationTest {
    private static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void firstStartWithAuthPrintsAnAdminKeyOnceAndKeepsOnlyItsHash() throws Exception {
        Path data = dir.resolve("db");
        List<String> first = new ArrayList<>();
        Process p = ServerProcessTest.startServer(data, "--auth");
        String key;
        try {
            String url = listening(p, first);
            key = first.stream().map(String::trim).filter(l -> l.startsWith("mk_")).findFirst()
                    .orElseThrow(() -> new AssertionError("no key printed:\n" + first));
            assertTrue(String.join("\n", first).contains("it will not be shown again"), String.join("\n", first));
            TestHttp h = new TestHttp(url);
            assertEquals(401, h.get("/tables").statusCode());
            assertEquals(200, h.get("/health").statusCode());
            JsonNode me = WireJson.parse(h.get("/api/whoami", "Authorization", "Bearer " + key).body(), "whoami");
            assertEquals("admin", me.get("role").asText());
        } finally {
            stop(p);
        }
        List<String> second = new ArrayList<>();
        p = ServerProcessTest.startServer(data, "--auth");
        try {
            TestHttp h = new TestHttp(listening(p, second));
            assertFalse(String.join("\n", second).contains("mk_"), "printed once only: " + second);
            assertEquals(200, h.get("/api/whoami", "X-API-Key", key).statusCode());
        } finally {
            stop(p);
        }
        assertNoFileContains(data, List.of(key));
    }

    @Test
    void theAdminKeyCanComeFromTheEnvironment() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ServerMain.class.getName(), "--dir", dir.resolve("db").toString(), "--port", "0", "--auth")
                .redirectErrorStream(true);
        pb.environment().put("MIKRODB_ADMIN_KEY", ADMIN_KEY);
        Process p = pb.start();
        try {
            List<String> out = new ArrayList<>();
            TestHttp h = new TestHttp(listening(p, out));
            assertFalse(String.join("\n", out).contains(ADMIN_KEY), "the given key is never echoed: " + out);
            assertEquals(200, h.get("/api/keys", "Authorization", "Bearer " + ADMIN_KEY).statusCode());
            assertEquals(401, h.get("/api/keys", "Authorization", "Bearer " + ADMIN_KEY + "x").statusCode());
        } finally {
            stop(p);
        }
    }

    @Test
    void fiveFailedLoginsLockThatUserFromThatAddressForFifteenMinutes() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).auth(true)
                     .adminKey(ADMIN_KEY).clock(clock).build())) {
            db.accessControl().createUser("alice", "alice-password", Role.READ, List.of());
            db.accessControl().createUser("bob", "bob-password", Role.READ, List.of());
            TestHttp h = new TestHttp(server.baseUrl());
            for (int i = 0; i < 4; i++) {
                assertEquals(401, login(h, "alice", "guess" + i).statusCode());
            }
            clock.advance(5 * 60_000); // the four failures fall out of the five-minute window
            assertEquals(401, login(h, "alice", "guess4").statusCode());
            assertEquals(200, login(h, "alice", "alice-password").statusCode(), "not locked: failures spread out");
            for (int i = 0; i < 5; i++) {
                assertEquals(401, login(h, "alice", "guess" + i).statusCode());
            }
            HttpResponse<String> locked = login(h, "alice", "alice-password");
            assertEquals(429, locked.statusCode(), "even the right password waits out the lock");
            assertEquals("900", locked.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(429, h.get("/tables", "Authorization", basic("alice", "alice-password")).statusCode());
            assertEquals(200, login(h, "bob", "bob-password").statusCode(), "other users are not affected");
            assertEquals(401, login(h, "nobody", "x").statusCode(), "an unknown user answers as a wrong password");
            clock.advance(15 * 60_000 - 1_000);
            assertEquals("1", login(h, "alice", "alice-password").headers().firstValue("Retry-After").orElseThrow());
            clock.advance(1_000);
            HttpResponse<String> ok = login(h, "alice", "alice-password");
            assertEquals(200, ok.statusCode());
            JsonNode session = WireJson.parse(ok.body(), "login");
            assertEquals(clock.millis() + 3_600_000, session.get("expires_at").asLong());
            String token = "Bearer " + session.get("token").asText();
            assertEquals(200, h.get("/tables", "Authorization", token).statusCode());
            clock.advance(3_600_000);
            assertEquals(401, h.get("/tables", "Authorization", token).statusCode(), "sessions last an hour");
            JsonNode audit = WireJson.parse(h.get("/api/audit", "X-API-Key", ADMIN_KEY).body(), "audit");
            assertTrue(audit.get("records").size() >= 11, audit.toString());
            assertFalse(audit.toString().contains("guess") || audit.toString().contains("alice-password"),
                    "no secret in the audit records: " + audit);
        }
    }

    @Test
    void changingAUserEndsItsSessionsAndRemovedUsersLoseAccessAtOnce() throws Exception {
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).auth(true)
                     .adminKey(ADMIN_KEY).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            String admin = "Bearer " + ADMIN_KEY;
            assertEquals(200, h.post("/api/users", "{\"username\":\"carol\",\"password\":\"carol-password\","
                    + "\"role\":\"read_write\"}", "Authorization", admin).statusCode());
            assertEquals(409, h.post("/api/users", "{\"username\":\"carol\",\"password\":\"carol-password\","
                    + "\"role\":\"read\"}", "Authorization", admin).statusCode());
            String token = "Bearer " + WireJson.parse(login(h, "carol", "carol-password").body(), "login")
                    .get("token").asText();
            String carolBasic = basic("carol", "carol-password");
            assertEquals(200, h.post("/write", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1}", "Authorization",
                    carolBasic).statusCode());
            HttpResponse<String> put = h.send("PUT", "/api/users", "{\"username\":\"carol\",\"role\":\"read\"}",
                    "Authorization", admin);
            assertEquals("{\"updates\":[\"role\"]}", put.body());
            assertEquals(401, h.get("/tables", "Authorization", token).statusCode(), "the session ended");
            assertEquals(403, h.post("/write", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":2}", "Authorization",
                    carolBasic).statusCode(), "the new role applies at once");
            JsonNode listed = WireJson.parse(h.get("/api/users?username=carol", "Authorization", admin).body(),
                    "user");
            assertEquals("read", listed.get("role").asText());
            assertFalse(listed.has("password") || listed.has("hash"), listed.toString());
            assertEquals(200, h.send("DELETE", "/api/users?username=carol", null, "Authorization", admin)
                    .statusCode());
            assertEquals(401, h.get("/tables", "Authorization", carolBasic).statusCode());
            assertEquals(404, h.send("DELETE", "/api/users?username=carol", null, "Authorization", admin)
                    .statusCode());
            JsonNode created = WireJson.parse(h.post("/api/keys", "{\"name\":\"ci\",\"role\":\"write\","
                    + "\"expires_at\":\"2999-01-01T00:00:00Z\"}", "Authorization", admin).body(), "key");
            String key = created.get("key").asText();
            assertTrue(key.startsWith("mk_") && key.length() >= 40, key);
            assertFalse(h.get("/api/keys", "Authorization", admin).body().contains(key), "never listed again");
            assertEquals(200, h.post("/write", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":3}", "X-API-Key", key)
                    .statusCode());
            assertEquals(403, h.post("/get", "{\"tableName\":\"t\",\"key\":\"k\"}", "X-API-Key", key).statusCode(),
                    "a write key reads nothing");
            assertEquals(200, h.send("DELETE", "/api/keys/" + created.get("id").asText(), null, "Authorization",
                    admin).statusCode());
            assertEquals(401, h.post("/write", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":4}", "X-API-Key", key)
                    .statusCode(), "revoked at once");
            assertEquals(400, h.post("/api/keys", "{\"name\":\"x\",\"role\":\"root\"}", "Authorization", admin)
                    .statusCode());
            assertEquals(400, h.post("/api/users", "{\"username\":\"dave\",\"password\":\"short\",\"role\":"
                    + "\"read\"}", "Authorization", admin).statusCode());
        }
    }

    @Test
    void noSecretReachesTheDataDirectoryWithOrWithoutEncryption() throws Exception {
        for (boolean encrypted : new boolean[] {false, true}) {
            Path data = dir.resolve(encrypted ? "encrypted" : "plain");
            MikroOptions.Builder options = MikroOptions.builder().databaseDirectory(data);
            if (encrypted) {
                options.encryptionKey("a passphrase for the secrets test");
            }
            List<String> secrets = new ArrayList<>(List.of(ADMIN_KEY, "erin-password-1", "erin-password-2"));
            try (MikroDB db = MikroDB.open(options.build());
                 MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).auth(true)
                         .adminKey(ADMIN_KEY).build())) {
                TestHttp h = new TestHttp(server.baseUrl());
                String admin = "Bearer " + ADMIN_KEY;
                h.post("/api/users", "{\"username\":\"erin\",\"password\":\"erin-password-1\",\"role\":\"read\"}",
                        "Authorization", admin);
                h.send("PUT", "/api/users", "{\"username\":\"erin\",\"password\":\"erin-password-2\"}",
                        "Authorization", admin);
                secrets.add(WireJson.parse(h.post("/api/keys", "{\"name\":\"k\",\"role\":\"read\"}", "Authorization",
                        admin).body(), "key").get("key").asText());
                secrets.add(WireJson.parse(login(h, "erin", "erin-password-2").body(), "login").get("token")
                        .asText());
                assertEquals(200, h.get("/tables", "Authorization", basic("erin", "erin-password-2"))
                        .statusCode());
                assertEquals(200, h.post("/flush", null, "Authorization", admin).statusCode());
            }
            assertNoFileContains(data, secrets);
            if (encrypted) {
                assertNoFileContains(data, List.of("erin", "argon2id"));
            } else {
                assertTrue(anyFileContains(data, "argon2id"), "control: the search sees the stored user records");
            }
        }
    }

    private static void assertNoFileContains(Path data, List<String> needles) throws Exception {
        int files = 0;
        try (Stream<Path> all = Files.walk(data)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                files++;
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String n : needles) {
                    assertFalse(content.contains(n), f + " contains '" + n + "'");
                    String b64 = Base64.getEncoder().encodeToString(n.getBytes(StandardCharsets.UTF_8));
                    assertFalse(content.contains(b64.substring(0, Math.min(16, b64.length()))), f
                            + " contains '" + n + "' in Base64");
                }
            }
        }
        assertTrue(files > 0, "files searched in " + data);
    }

    private static boolean anyFileContains(Path data, String needle) throws Exception {
        try (Stream<Path> all = Files.walk(data)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static HttpResponse<String> login(TestHttp h, String user, String password) throws Exception {
        return h.post("/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String listening(Process p, List<String> lines) throws Exception {
        return ServerProcesses.awaitListening(p, lines, new StringBuffer());
    }

    private static void stop(Process p) throws Exception {
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
    }
}
