package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void exampleRunsRemotelyAndEmbedded() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try (MikroDB db = MikroDB.open(dir.resolve("remote"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).apiKey("k").build())) {
            ClientExample.main(new String[] {server.baseUrl(), "k"});
            assertEquals(37, db.get("users", "ada").orElseThrow().value().get("age").asInt());
            try (MikroDB embedded = MikroDB.open(dir.resolve("embedded"))) {
                ClientExample.run(embedded);
            }
        } finally {
            System.setOut(original);
        }
        String out = captured.toString();
        assertTrue(out.contains("over 40: [grace]"), out);
        assertTrue(out.contains("change: item.written ada v2"), out);
    }
}
