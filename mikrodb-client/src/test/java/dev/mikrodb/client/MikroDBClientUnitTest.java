package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.Query;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.client.internal.Transport;
import dev.mikrodb.wire.WireJson;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The client's own logic over a scripted transport: request shapes, the mapping of answers to exceptions and the
 * retry rules. End-to-end behaviour against a real server is MikroDBClientTest's and the contract suite's.
 */
class MikroDBClientUnitTest {
    /** Answers requests from a script and records them. */
    private static final class ScriptedTransport implements Transport {
        final List<Request> requests = new ArrayList<>();
        final Deque<Object> script = new ArrayDeque<>();

        ScriptedTransport answer(int status, String body, String... headers) {
            Map<String, List<String>> h = new java.util.HashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                h.put(headers[i], List.of(headers[i + 1]));
            }
            script.add(new Response(status, h, body.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        ScriptedTransport fail(IOException e) {
            script.add(e);
            return this;
        }

        @Override
        public Response send(Request request) throws IOException {
            requests.add(request);
            Object next = script.removeFirst();
            if (next instanceof IOException e) {
                throw e;
            }
            return (Response) next;
        }

        @Override
        public CompletableFuture<Response> sendAsync(Request request) {
            try {
                return CompletableFuture.completedFuture(send(request));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public Stream openStream(Request request) {
            throw new UnsupportedOperationException("not scripted");
        }

        @Override
        public String url(Request request) {
            return "http://test" + request.pathAndQuery();
        }

        String body(int i) {
            return new String(requests.get(i).body(), StandardCharsets.UTF_8);
        }
    }

    private static MikroDBClient client(ScriptedTransport t) {
        return new MikroDBClient(t, new RetryPolicy(3, Duration.ZERO, Duration.ZERO), Duration.ofSeconds(5));
    }

    @Test
    void writesSendTheWireShapeAndReadTheVersion() throws Exception {
        ScriptedTransport t = new ScriptedTransport().answer(200, "{\"success\":true,\"version\":7}");
        long v = client(t).write(WriteRequest.builder("users", "a b/c").value(Map.of("n", 1)).expectedVersion(6)
                .ttl(Duration.ofSeconds(90)).build());
        assertEquals(7, v);
        assertEquals("POST", t.requests.get(0).method());
        assertEquals("/write", t.requests.get(0).pathAndQuery());
        var sent = WireJson.mapper().readTree(t.body(0));
        assertEquals("a b/c", sent.get("key").asText());
        assertEquals(6, sent.get("expectedVersion").asLong());
        assertEquals(90.0, sent.get("ttl").asDouble(), "ttl travels in seconds");
    }

    @Test
    void getByKeyReadsTheBareValueAndItsMetadataHeaders() {
        ScriptedTransport t = new ScriptedTransport()
                .answer(200, "{\"n\":  1}", "X-MikroDB-Version", "3", "X-MikroDB-Timestamp", "99")
                .answer(404, "{\"error\":\"no item\"}");
        var item = client(t).get("t", "k").orElseThrow();
        assertEquals("{\"n\":  1}", item.valueJson(), "bytes as the server sent them");
        assertEquals(3, item.version());
        assertEquals(99, item.timestamp());
        assertFalse(item.hasExpiration());
        assertTrue(client(t).get("t", "missing").isEmpty(), "404 is an empty result, not an error");
    }

    @Test
    void queriesAskForMetadataAndDecodeItems() {
        ScriptedTransport t = new ScriptedTransport().answer(200,
                "[{\"key\":\"a\",\"value\":[1, 2],\"version\":2,\"timestamp\":5,\"expiration\":null}]");
        var items = client(t).query("t", Query.builder().filter("{\"n\": 1}").limit(5).build());
        assertEquals("[1, 2]", items.get(0).valueJson());
        var sent = WireJson.parse(t.requests.get(0).body(), "request");
        assertTrue(sent.get("withMetadata").asBoolean());
        assertEquals(5, sent.get("options").get("limit").asLong());
        assertEquals(1, sent.get("options").get("filter").get("n").asInt());
    }

    @Test
    void answersMapToCoreAndClientExceptions() {
        ScriptedTransport t = new ScriptedTransport()
                .answer(409, "{\"error\":\"conflict\",\"currentVersion\":4,\"expectedVersion\":1,\"tableName\":\"t\","
                        + "\"key\":\"k\"}")
                .answer(400, "{\"error\":\"table name is invalid\"}")
                .answer(401, "{\"error\":\"who are you\"}")
                .answer(413, "{\"error\":\"too large\"}")
                .answer(500, "<html>proxy error</html>");
        MikroDBClient c = client(t);
        VersionConflictException conflict = assertThrows(VersionConflictException.class, () -> c.write("t", "k", 1));
        assertEquals(4, conflict.currentVersion());
        assertTrue(assertThrows(ValidationException.class, () -> c.write("t", "k", 1)).getMessage()
                .contains("invalid"));
        assertThrows(UnauthorizedException.class, c::tables);
        assertThrows(RequestTooLargeException.class, () -> c.write("t", "k", 1));
        ServerErrorException other = assertThrows(ServerErrorException.class, () -> c.write("t", "k", 1));
        assertEquals(500, other.status());
        assertTrue(other.getMessage().contains("unexpected answer"), other.getMessage());
    }

    @Test
    void retriesFollowThePolicy() {
        ScriptedTransport t = new ScriptedTransport()
                .answer(503, "{\"error\":\"busy\"}")
                .answer(429, "{\"error\":\"slow down\"}", "Retry-After", "0")
                .answer(200, "{\"success\":true,\"version\":1}");
        assertEquals(1, client(t).write("t", "k", 1), "a write the server provably did not process is repeated");
        assertEquals(3, t.requests.size());

        ScriptedTransport refused = new ScriptedTransport().fail(new ConnectException("refused"))
                .answer(200, "{\"success\":true,\"version\":1}");
        assertEquals(1, client(refused).write("t", "k", 1), "a refused connection sent nothing: retried");

        ScriptedTransport cut = new ScriptedTransport().fail(new IOException("connection reset"));
        ConnectionException e = assertThrows(ConnectionException.class, () -> client(cut).write("t", "k", 1));
        assertTrue(e.mayHaveBeenApplied(), "a write cut off mid-flight may have been applied");
        assertEquals(1, cut.requests.size(), "and is never repeated");

        ScriptedTransport flaky = new ScriptedTransport().fail(new IOException("reset"))
                .answer(200, "[\"a\"]");
        assertEquals(List.of("a"), client(flaky).tables(), "reads are repeated after any I/O failure");

        ScriptedTransport tooLong = new ScriptedTransport()
                .answer(429, "{\"error\":\"slow down\"}", "Retry-After", "3600");
        RateLimitedException limited = assertThrows(RateLimitedException.class, () -> client(tooLong).tables());
        assertEquals(Duration.ofHours(1), limited.retryAfter(), "a wait beyond the timeout is reported, not slept");
    }
}
