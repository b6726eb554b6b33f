package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.AccessControl;
import dev.mikrodb.MikroDB;
import dev.mikrodb.NewApiKey;
import dev.mikrodb.Principal;
import dev.mikrodb.Role;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import dev.mikrodb.testing.MutableClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's credentials against a real server with auth: API keys, users with sessions renewed on their own. */
class ClientAuthTest {
    private static final String ADMIN_KEY = "client-admin-key-0123456789";

    @TempDir
    Path dir;

    @Test
    void anAdminManagesUsersAndKeysAndAUsersSessionIsRenewedWhenItEnds() throws Exception {
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).auth(true)
                     .adminKey(ADMIN_KEY).clock(clock).build());
             MikroDBClient admin = MikroDBClient.builder(server.baseUrl()).apiKey(ADMIN_KEY).build()) {
            assertEquals(Role.ADMIN, admin.whoami().role());
            AccessControl ac = admin.accessControl();
            ac.createUser("alice", "alice-password", Role.READ_WRITE, List.of());
            assertEquals(Role.READ_WRITE, ac.user("alice").orElseThrow().role());
            assertTrue(ac.user("nobody").isEmpty());
            NewApiKey reader = ac.createKey("reader", Role.READ, List.of(), List.of("t"), 0);
            assertEquals("alice", ac.authenticatePassword("alice", "alice-password").orElseThrow().name(),
                    "the server checks the password");
            assertTrue(ac.authenticatePassword("alice", "wrong-password").isEmpty());
            Principal keyHolder = ac.authenticateKey(reader.key(), 0).orElseThrow();
            assertEquals(Role.READ, keyHolder.role());
            assertEquals(List.of("t"), keyHolder.tablePrefixes());
            assertTrue(ac.authenticateKey("mk_not-a-key-at-all-0123456789", 0).isEmpty());
            assertTrue(ac.keys().stream().anyMatch(k -> k.id().equals(reader.id())));

            try (MikroDBClient alice = MikroDBClient.builder(server.baseUrl()).credentials("alice", "alice-password")
                    .build()) {
                Principal me = alice.whoami();
                assertEquals("alice", me.name());
                alice.write("t", "k", 1);
                clock.advance(3_600_000); // the server ends the session; the client logs in again by itself
                alice.write("t", "k", 2);
                assertEquals(List.of("databases"), ac.updateUser("alice", null, null, List.of()));
                alice.write("t", "k", 3); // changing the user ended the session: renewed again
                assertEquals("3", alice.get("t", "k").orElseThrow().valueJson());
            }
            try (MikroDBClient readOnly = MikroDBClient.builder(server.baseUrl()).apiKey(reader.key()).build()) {
                assertEquals("3", readOnly.get("t", "k").orElseThrow().valueJson());
                ForbiddenException denied = assertThrows(ForbiddenException.class,
                        () -> readOnly.write("t", "k", 4));
                assertEquals(403, denied.status());
                assertTrue(ac.revokeKey(reader.id()));
                assertThrows(UnauthorizedException.class, () -> readOnly.get("t", "k"));
            }
            try (MikroDBClient wrong = MikroDBClient.builder(server.baseUrl()).credentials("alice", "wrong-password")
                    .build()) {
                assertThrows(UnauthorizedException.class, () -> wrong.get("t", "k"));
            }
            assertTrue(ac.deleteUser("alice"));
        }
    }
}
