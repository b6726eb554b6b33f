package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's client example runs, against a real server and, unchanged, against the embedded database. */
class ClientExampleTest {
    @TempDir
    Path dir;

    /** Runs {@code body} with System.out captured; returns what it printed. */
    private static String captured(ThrowingRunnable body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void assertExampleOutput(String out) {
        assertTrue(out.contains("over 40: [grace] (ada was v1)"), out);
        assertTrue(out.contains("change: item.written ada v1"), out);
        assertTrue(out.contains("change: item.written grace v1"), out);
        assertTrue(out.contains("change: item.written ada v2"), out);
        assertFalse(out.contains("someone else changed ada"), out);
        assertFalse(out.contains("fell silent"), out);
    }

    @Test
    void exampleRunsAgainstARealServer() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("remote"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).apiKey("example-key-1234")
                     .build())) {
            assertExampleOutput(captured(() -> ClientExample.main(new String[] {server.baseUrl(), "example-key-1234"})));
            assertEquals(37, db.get("users", "ada").orElseThrow().value().get("age").asInt());
            assertTrue(db.get("sessions", "s1").orElseThrow().hasExpiration());
        }
    }

    @Test
    void theSameCodeRunsUnchangedOnTheEmbeddedDatabase() throws Exception {
        try (MikroDB embedded = MikroDB.open(dir.resolve("embedded"))) {
            assertExampleOutput(captured(() -> ClientExample.run(embedded)));
            assertEquals(37, embedded.get("users", "ada").orElseThrow().value().get("age").asInt());
            assertEquals(2, embedded.get("users", "ada").orElseThrow().version());
            assertTrue(embedded.get("sessions", "s1").orElseThrow().hasExpiration());
        }
    }
}
