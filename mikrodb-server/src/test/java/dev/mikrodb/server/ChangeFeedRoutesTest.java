package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.wire.WireJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: /events resumes from fromRevision or Last-Event-ID, refuses compacted starts with 410, sends progress. */
class ChangeFeedRoutesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void shortProgressInterval() {
        System.setProperty("mikrodb.streamProgressMillis", "200");
    }

    @AfterAll
    static void defaultProgressInterval() {
        System.clearProperty("mikrodb.streamProgressMillis");
    }

    /** One SSE event: its name, id and data. */
    record Sse(String event, String id, String data) {
    }

    /** Reads SSE events from {@code path} (with optional headers) until {@code count} have arrived. */
    static List<Sse> read(TestHttp h, String baseUrl, String path, int count, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<java.io.InputStream> stream = h.client.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new AssertionError(stream.statusCode() + ": " + new String(stream.body().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        List<Sse> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line; events.size() < count && (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (event != null) {
                        events.add(new Sse(event, id, data.toString()));
                    }
                    event = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        }
        return events;
    }

    @Test
    void aStreamStartsFromARevisionOrLastEventIdWithPreviousValuesPrefixesAndProgress() throws Exception {
        try (MikroDB db = MikroDB.open(dir);
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            h.post("/write", "{\"tableName\":\"t\",\"key\":\"user:1\",\"value\":1}");
            db.flush(); // the first commit now lives in the retained history
            h.post("/write", "{\"tableName\":\"t\",\"key\":\"user:1\",\"value\":2}");
            h.post("/write", "{\"tableName\":\"t\",\"key\":\"order:1\",\"value\":3}");

            List<Sse> all = read(h, server.baseUrl(), "/events?tableName=t&fromRevision=0", 4);
            assertEquals(List.of("ready", "item.written", "item.written", "item.written"),
                    all.stream().map(Sse::event).toList());
            assertEquals(List.of("0", "1", "2", "3"), all.stream().map(Sse::id).toList());

            List<Sse> resumed = read(h, server.baseUrl(), "/events?tableName=t&fromRevision=0", 3,
                    "Last-Event-ID", "1");
            assertEquals(List.of("1", "2", "3"), resumed.stream().map(Sse::id).toList(),
                    "Last-Event-ID wins over fromRevision, as a reconnecting EventSource expects");

            List<Sse> users = read(h, server.baseUrl(), "/events?tableName=t&fromRevision=0&prefix=user:"
                    + "&includePrevious=true", 3);
            JsonNode second = WireJson.mapper().readTree(users.get(2).data());
            assertEquals("user:1", second.get("key").asText());
            assertEquals(2, second.get("record").get("value").asInt());
            assertEquals(1, second.get("previous").get("value").asInt(), "the value it replaced");

            // Idle: progress events carry the revision everything selected has been sent through.
            List<Sse> idle = read(h, server.baseUrl(), "/events?tableName=other", 3);
            assertEquals(List.of("ready", "progress", "progress"), idle.stream().map(Sse::event).toList());
            assertEquals(3, WireJson.mapper().readTree(idle.get(1).data()).get("revision").asLong());
            assertEquals("3", idle.get(1).id());
        }
    }

    @Test
    void aStartBeforeTheRetainedHistoryIs410WithTheCompactRevisionAndBadStartsAre400() throws Exception {
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).changeRetentionBytes(1).build());
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build())) {
            TestHttp h = new TestHttp(server.baseUrl());
            for (int i = 0; i < 5; i++) {
                h.post("/write", "{\"tableName\":\"t\",\"key\":\"k" + i + "\",\"value\":" + i + "}");
            }
            db.flush();
            HttpResponse<String> gone = h.get("/events?fromRevision=2");
            assertEquals(410, gone.statusCode(), gone.body());
            JsonNode body = WireJson.mapper().readTree(gone.body());
            assertEquals(5, body.get("compactRevision").asLong());
            assertEquals(5, body.get("currentRevision").asLong());
            assertTrue(body.get("error").asText().contains("history compacted"), gone.body());
            assertEquals(410, h.get("/events", "Last-Event-ID", "1").statusCode());
            assertEquals(400, h.get("/events?fromRevision=abc").statusCode());
            assertEquals(400, h.get("/events?fromRevision=-4").statusCode());
            assertEquals(400, h.get("/events?includePrevious=maybe").statusCode());
            assertEquals("ready", read(h, server.baseUrl(), "/events?fromRevision=5", 1).get(0).event());
        }
    }
}
