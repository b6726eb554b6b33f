package dev.mikrodb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.Role;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** users, user, keys, key and whoami, on a local directory and on a server with auth; --user logs in. */
class AuthCommandsTest {
    private static final String ADMIN_KEY = "cli-admin-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void usersAndKeysOfALocalDatabase() throws Exception {
        String d = dir.toString();
        CliRun added = CliRun.withEnv(Map.of("MIKRODB_NEW_PASSWORD", "alice-password"), "", "user", "add", "alice",
                "--role", "read", "--databases", "app,shop", "--dir", d);
        assertEquals(0, added.code(), added.err());
        CliRun users = CliRun.cli("users", "--dir", d);
        assertTrue(users.out().contains("alice") && users.out().contains("read") && users.out().contains("shop"),
                users.out());
        assertFalse(users.out().contains("alice-password"));
        CliRun created = CliRun.cli("key", "create", "ci", "--role", "write", "--tablePrefixes", "orders",
                "--expires", "30d", "--dir", d);
        assertEquals(0, created.code(), created.err());
        String key = created.out().trim();
        assertTrue(key.startsWith("mk_"), created.out());
        assertTrue(created.err().contains("will not be shown again"), created.err());
        CliRun keys = CliRun.cli("keys", "--dir", d);
        assertTrue(keys.out().contains("\"ci\"") && keys.out().contains("orders") && !keys.out().contains(key),
                keys.out());
        String id = dev.mikrodb.wire.WireJson.parse(keys.out().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "keys").get(0).get("id").asText();
        assertEquals(0, CliRun.cli("key", "revoke", id, "--dir", d).code());
        assertEquals(ExitCodes.NOT_FOUND_OR_CONFLICT, CliRun.cli("key", "revoke", id, "--dir", d).code());
        CliRun badRole = CliRun.cli("key", "create", "x", "--role", "root", "--dir", d);
        assertEquals(ExitCodes.BAD_INPUT, badRole.code(), badRole.err());
        assertTrue(badRole.err().contains("role must be"), badRole.err());
        assertEquals(0, CliRun.cli("user", "set", "alice", "--role", "read_write", "--dir", d).code());
        assertEquals(0, CliRun.cli("user", "remove", "alice", "--dir", d).code());
        assertTrue(CliRun.cli("whoami", "--dir", d).out().contains("full access"));
    }

    @Test
    void aServerWithAuthThroughAnApiKeyAndThroughALogin() throws Exception {
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).auth(true)
                     .adminKey(ADMIN_KEY).build())) {
            String url = server.baseUrl();
            db.accessControl().createUser("bob", "bob-password", Role.READ_WRITE, List.of());
            CliRun me = CliRun.cli("whoami", "--url", url, "--apiKey", ADMIN_KEY);
            assertTrue(me.out().contains("admin"), me.out() + me.err());
            CliRun noCredentials = CliRun.cli("tables", "--url", url);
            assertEquals(ExitCodes.FAILURE, noCredentials.code(), noCredentials.err());
            CliRun prompted = CliRun.withProcessInput("bob-password\n", "write", "t", "k", "1", "--url", url,
                    "--user", "bob");
            assertEquals(0, prompted.code(), prompted.err());
            CliRun fromEnv = CliRun.withEnv(Map.of("MIKRODB_PASSWORD", "bob-password", "MIKRODB_USER", "bob"), "",
                    "whoami", "--url", url);
            assertTrue(fromEnv.out().contains("bob") && fromEnv.out().contains("read_write"), fromEnv.out());
            CliRun forbidden = CliRun.withEnv(Map.of("MIKRODB_PASSWORD", "bob-password"), "", "users", "--url", url,
                    "--user", "bob");
            assertTrue(forbidden.code() != 0 && forbidden.err().contains("admin"), forbidden.err());
            CliRun wrong = CliRun.withProcessInput("nope\n", "get", "t", "k", "--url", url, "--user", "bob");
            assertEquals(ExitCodes.FAILURE, wrong.code(), wrong.err());
            assertFalse(wrong.err().contains("Exception"), wrong.err());
            CliRun listed = CliRun.cli("users", "--url", url, "--apiKey", ADMIN_KEY);
            assertTrue(listed.out().contains("bob"), listed.out());
        }
    }
}
