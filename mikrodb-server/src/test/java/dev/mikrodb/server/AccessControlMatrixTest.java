package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.AccessControl;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Role;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.internal.Access;
import dev.mikrodb.server.internal.Route;
import dev.mikrodb.testing.MutableClock;
import dev.mikrodb.wire.WireJson;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access-control matrix of issue 15, generated from the server's route table: every example request of every route, as
 * every role in and out of scope, and with no, wrong, expired and revoked credentials, against a real server; each
 * answer must be the one the route's rule implies (2xx, 401 or 403). A route added to the table is tested here with
 * no change to this class.
 */
class AccessControlMatrixTest {
    private static final String ADMIN_KEY = "admin-key-for-the-matrix-0123456789";

    @TempDir
    Path dir;
    private MikroDB db;
    private MikroServer server;
    private final MutableClock clock = new MutableClock(System.currentTimeMillis());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A caller: the header it sends (or none), its role (null: not authenticated), whether its grant covers app. */
    private record Caller(String label, String header, String value, Role role, boolean inScope) {
    }

    @BeforeEach
    void start() {
        // The server opens (owns) the database, as `mikrodb serve` does, so that online restore is possible.
        server = MikroServer.start(new dev.mikrodb.config.MikroConfig(dev.mikrodb.MikroOptions.builder()
                .databaseDirectory(dir.resolve("data")).build(), ServerSettings.builder().port(0).auth(true)
                .adminKey(ADMIN_KEY).clock(clock).backup(b -> b.directory(dir.resolve("backups").toString())).build()));
        db = server.currentDatabase();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void everyRouteAnswersEveryCallerAsItsRuleSays() throws Exception {
        AccessControl ac = db.accessControl();
        List<Caller> callers = new ArrayList<>();
        for (Role role : Role.values()) {
            callers.add(bearer(role + " in scope", ac.createKey("in-" + role, role, List.of("app"), List.of(), 0)
                    .key(), role, true));
            callers.add(bearer(role + " out of scope", ac.createKey("out-" + role, role, List.of("other"), List.of(),
                    0).key(), role, false));
        }
        ac.createUser("alice", "alice-password", Role.READ_WRITE, List.of("app"));
        callers.add(new Caller("user alice (Basic)", "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "alice:alice-password".getBytes(StandardCharsets.UTF_8)), Role.READ_WRITE, true));
        String token = WireJson.parse(send("POST", "/api/login", "{\"username\":\"alice\",\"password\":"
                + "\"alice-password\"}", null, null).body, "login").get("token").asText();
        callers.add(bearer("user alice (session token)", token, Role.READ_WRITE, true));
        callers.add(new Caller("no credentials", null, null, null, false));
        callers.add(bearer("wrong key", "mk_" + "A".repeat(43), null, false));
        callers.add(new Caller("wrong password", "Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "alice:not-her-password".getBytes(StandardCharsets.UTF_8)), null, false));
        String expiring = ac.createKey("expiring", Role.ADMIN, List.of(), List.of(), clock.millis() + 60_000).key();
        String revoked = ac.createKey("revoked", Role.ADMIN, List.of(), List.of(), 0).key();
        ac.revokeKey(ac.keys().stream().filter(k -> k.name().equals("revoked")).findFirst().orElseThrow().id());
        callers.add(bearer("expired key", expiring, null, false));
        callers.add(bearer("revoked key", revoked, null, false));
        clock.advance(120_000); // the expiring key is now expired; nothing else expires

        List<String> wrong = new ArrayList<>();
        int requests = 0;
        Set<String> templates = new TreeSet<>();
        for (Route route : server.routes()) {
            templates.add(route.method() + " " + route.template());
            for (Route.Example ex : route.examples()) {
                for (Caller c : callers) {
                    if (c.label().equals("wrong password") && ex.access() != Access.OPEN) {
                        // five wrong passwords lock alice out from this address; one route of each kind suffices
                        if (!route.template().equals("/get") && !route.template().equals("/api/whoami")) {
                            continue;
                        }
                    }
                    int expected = expected(route, ex, c);
                    String path = prepare(ex.path());
                    Reply r = send(route.method(), path, prepareBody(ex.body()), c.header(), c.value());
                    requests++;
                    boolean ok = expected == 200 ? r.status >= 200 && r.status < 300 : r.status == expected;
                    if (route.template().equals("/api/restore") && r.status == 200) {
                        // a restore replaces users and keys, so it ends every session: log in again
                        int session = callers.indexOf(callers.stream().filter(x -> x.label().contains("session"))
                                .findFirst().orElseThrow());
                        callers.set(session, bearer("user alice (session token)", WireJson.parse(send("POST",
                                "/api/login", "{\"username\":\"alice\",\"password\":\"alice-password\"}", null,
                                null).body, "login").get("token").asText(), Role.READ_WRITE, true));
                    }
                    if (!ok) {
                        wrong.add(route.method() + " " + ex.path() + " as " + c.label() + ": expected " + expected
                                + ", got " + r.status + " " + r.body);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + requests + " answers differ:\n" + String.join("\n",
                wrong));
        assertTrue(templates.containsAll(Set.of("POST /get", "GET /events", "POST /db/{db}/{coll}/{op}",
                "DELETE /api/keys/{id}")), "the table is the server's: " + templates);
        assertTrue(requests > 500, "requests made: " + requests);
    }

    private static Caller bearer(String label, String key, Role role, boolean inScope) {
        return new Caller(label, "Authorization", "Bearer " + key, role, inScope);
    }

    private static int expected(Route route, Route.Example ex, Caller c) {
        if (ex.access() == Access.OPEN) {
            return 200;
        }
        if (c.role() == null) {
            return 401;
        }
        boolean roleOk = switch (ex.access()) {
            case OPEN, AUTHENTICATED -> true;
            case READ -> c.role().canRead();
            case WRITE -> c.role().canWrite();
            case ADMIN -> c.role().isAdmin();
        };
        return roleOk && (!route.scoped() || c.inScope()) ? 200 : 403;
    }

    /**
     * Puts the data every example expects in place (database app: table t with item k and indexes, collection c
     * with document d1 and index cix_drop; user victim; a key to revoke) and fills in the path.
     */
    private String prepare(String path) {
        db = server.currentDatabase(); // an online restore replaces it
        MikroStore app = db.inDatabase("app");
        app.write("t", "k", Map.of("n", 1));
        if (app.indexes("t").stream().noneMatch(i -> i.spec().name().equals("ix_drop"))) {
            app.createIndex("t", new IndexSpec("ix_drop", List.of(new IndexSpec.Field("n", false)), false, false));
        }
        app.dropIndex("t", "ix_new");
        var c = db.database("app").collection("c");
        if (c.findOne(Map.of("_id", "d1")).isEmpty()) {
            Map<String, Object> d1 = new LinkedHashMap<>();
            d1.put("_id", "d1");
            d1.put("n", 1);
            c.insertOne(d1);
        }
        if (c.indexes().stream().noneMatch(i -> i.spec().name().equals("cix_drop"))) {
            c.createIndex(new IndexSpec("cix_drop", List.of(new IndexSpec.Field("n", false)), false, false));
        }
        c.indexes().stream().filter(i -> !i.spec().name().equals("cix_drop") && !i.spec().name().startsWith("_"))
                .forEach(i -> c.dropIndex(i.spec().name()));
        AccessControl ac = db.accessControl();
        if (ac.user("victim").isEmpty()) {
            ac.createUser("victim", "victim-password", Role.READ, List.of("app"));
        }
        ac.deleteUser("u_new");
        if (path.contains("{victimKey}")) {
            return path.replace("{victimKey}", ac.createKey("victim-key", Role.READ, List.of(), List.of(), 0).id());
        }
        return path;
    }

    /** The body with a backup's file name filled in (taken now, so restoring it keeps every caller's key). */
    private String prepareBody(String body) {
        if (body == null || !body.contains("{backupFile}")) {
            return body;
        }
        try {
            java.nio.file.Files.createDirectories(dir.resolve("backups"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return body.replace("{backupFile}", db.backup(dir.resolve("backups")).file().getFileName().toString());
    }

    private record Reply(int status, String body) {
    }

    private Reply send(String method, String path, String body, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(20)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (header != null) {
            b.header(header, value);
        }
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            boolean stream = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            return new Reply(r.statusCode(), stream ? "(event stream)" : new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void theAdminDatabaseIsUnreachableThroughDataRoutes() throws Exception {
        db.accessControl().createUser("bob", "bob-password", Role.READ, List.of());
        String admin = "Bearer " + ADMIN_KEY;
        for (String[] req : new String[][] {
                {"POST", "/get", "{\"databaseName\":\"admin\",\"tableName\":\"users\",\"key\":\"bob\"}"},
                {"POST", "/get", "{\"databaseName\":\"admin\",\"tableName\":\"users\"}"},
                {"POST", "/get", "{\"tableName\":\"admin~users\"}"},
                {"GET", "/tables?databaseName=admin", null},
                {"GET", "/db/admin", null},
                {"POST", "/db/admin/users/find", "{\"filter\":{}}"},
                {"GET", "/events?databaseName=admin", null}}) {
            Reply r = send(req[0], req[1], req[2], "Authorization", admin);
            assertTrue(r.status == 400 || r.status == 403, req[1] + " " + req[2] + ": " + r.status + " " + r.body);
            assertTrue(!r.body.contains("hash") && !r.body.contains("argon2"), r.body);
        }
        Reply list = send("GET", "/db", null, "Authorization", admin);
        assertEquals(200, list.status);
        assertTrue(!list.body.contains("admin"), "the database list hides admin: " + list.body);
        Reply tables = send("GET", "/tables", null, "Authorization", admin);
        assertTrue(!tables.body.contains("users") && !tables.body.contains("keys"), tables.body);
    }

    @Test
    void tablePrefixesLimitAKeyToThoseTables() throws Exception {
        String key = "Bearer " + db.accessControl().createKey("orders-only", Role.READ_WRITE, List.of("app"),
                List.of("orders"), 0).key();
        assertEquals(200, send("POST", "/write", "{\"databaseName\":\"app\",\"tableName\":\"orders_2026\","
                + "\"key\":\"o1\",\"value\":1}", "Authorization", key).status);
        assertEquals(403, send("POST", "/write", "{\"databaseName\":\"app\",\"tableName\":\"users\",\"key\":\"u\","
                + "\"value\":1}", "Authorization", key).status);
        assertEquals(403, send("POST", "/write", "[{\"databaseName\":\"app\",\"tableName\":\"orders\",\"key\":\"o\","
                + "\"value\":1},{\"databaseName\":\"app\",\"tableName\":\"users\",\"key\":\"u\",\"value\":1}]",
                "Authorization", key).status, "one write outside the grant refuses the whole batch");
        assertTrue(db.inDatabase("app").get("orders", "o").isEmpty());
        assertEquals(403, send("GET", "/events?databaseName=app", null, "Authorization", key).status,
                "a stream of every table is beyond a grant of some tables");
        assertEquals(403, send("POST", "/db/app/users/find", "{\"filter\":{}}", "Authorization", key).status);
        assertEquals(403, send("POST", "/db/other/orders/find", "{\"filter\":{}}", "Authorization", key).status);
        db.database("other").collection("orders").insertOne(Map.of("_id", "secret", "n", 1));
        Reply r = send("POST", "/db/app/orders/find?db=other", "{\"filter\":{}}", "Authorization", key);
        assertEquals(200, r.status, r.body);
        assertTrue(!r.body.contains("secret"), "a query parameter cannot stand in for the path's database: " + r.body);
    }
}
