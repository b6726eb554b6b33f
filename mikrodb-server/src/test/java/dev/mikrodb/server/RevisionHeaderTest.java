package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.MikroDB;
import dev.mikrodb.config.ServerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 (first part): every answer carries X-MikroDB-Revision, and change events' SSE ids are revisions. */
class RevisionHeaderTest {
    @TempDir
    Path dir;

    @Test
    void answersCarryTheRevisionAndEventIdsAreRevisions() throws Exception {
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            assertEquals("0", h.get("/health").headers().firstValue("X-MikroDB-Revision").orElseThrow());
            h.post("/write", "{\"tableName\":\"t\",\"key\":\"a\",\"value\":1}");
            HttpResponse<String> second = h.post("/write", "[{\"tableName\":\"t\",\"key\":\"b\",\"value\":2},"
                    + "{\"tableName\":\"t\",\"key\":\"c\",\"value\":3}]");
            assertEquals("2", second.headers().firstValue("X-MikroDB-Revision").orElseThrow(), "a batch is one");
            assertEquals("2", h.post("/get", "{\"tableName\":\"t\",\"key\":\"a\"}").headers()
                    .firstValue("X-MikroDB-Revision").orElseThrow());
            assertEquals("2", h.get("/nope").headers().firstValue("X-MikroDB-Revision").orElseThrow(),
                    "errors too");

            HttpResponse<java.io.InputStream> stream = h.client.send(HttpRequest.newBuilder(URI.create(
                    server.baseUrl() + "/events?tableName=t")).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                List<String> ids = new ArrayList<>();
                for (String line; ids.size() < 3 && (line = in.readLine()) != null; ) {
                    if (line.startsWith("id:")) {
                        ids.add(line.substring(3).trim());
                        if (ids.size() == 1) { // ready: now write a batch of two
                            db.writeBatch(List.of(dev.mikrodb.WriteRequest.builder("t", "d").value(4).build(),
                                    dev.mikrodb.WriteRequest.builder("t", "e").value(5).build()));
                        }
                    }
                }
                assertEquals(List.of("2", "3", "3"), ids, "ready at revision 2, then the batch's two events at 3");
            }
            assertTrue(db.revision() == 3);
        }
    }
}
