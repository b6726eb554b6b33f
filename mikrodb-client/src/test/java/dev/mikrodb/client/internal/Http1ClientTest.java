package dev.mikrodb.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.ValidationException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plain-socket HTTP/1.1 path against a server that sends exactly the bytes each case needs. */
class Http1ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static String text(Transport.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static Transport.Response post(Http1Client client, String path, String body) throws Exception {
        return client.exchange("POST", path, body.getBytes(StandardCharsets.UTF_8), null, TIMEOUT);
    }

    private static Transport.Response get(Http1Client client, String path) throws Exception {
        return client.exchange("GET", path, null, null, TIMEOUT);
    }

    @Test
    void keepsOneConnectionAliveAndReadsChunkedAnswers() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            while (c.read() != null) {
                c.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;note=x\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: ignored\r\n\r\n");
            }
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            for (int i = 0; i < 3; i++) {
                Transport.Response r = post(client, "/get?n=" + i, "{\"key\":\"k" + i + "\"}");
                assertEquals(200, r.status());
                assertEquals("hello world", text(r));
            }
            assertEquals(1, server.connections(), "one kept-alive connection serves every request");
            ScriptedHttpServer.Received first = server.requests.get(0);
            assertTrue(first.head().startsWith("POST /get?n=0 HTTP/1.1\r\n"), first.head());
            assertTrue(first.head().contains("\r\nHost: 127.0.0.1:" + server.uri().getPort() + "\r\n"), first.head());
            assertTrue(first.head().contains("\r\nContent-Type: application/json\r\n"), first.head());
            assertEquals("{\"key\":\"k0\"}", first.body());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void readsInformationalAnswersRepeatedHeadersAndBodiesEndedByClose() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            if (c.index == 0) {
                c.read();
                c.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX-Tag: a\r\nx-tag: b\r\n"
                        + "Content-Length: 7\r\n\r\ncreated");
                c.read();
                c.send("HTTP/1.1 200 OK\r\n\r\nuntil the end"); // no length: the close frames the body
            } else {
                c.read();
                c.send(OK);
            }
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            Transport.Response created = post(client, "/a", "{}");
            assertEquals(201, created.status());
            assertEquals("created", text(created));
            assertEquals(List.of("a", "b"), created.headers().get("x-tag"));
            assertEquals("until the end", text(get(client, "/b")));
            assertEquals("ok", text(get(client, "/c")));
            assertEquals(2, server.connections(), "a body ended by the close ends its connection");
        }
    }

    @Test
    void aConnectionTheServerClosedIsNotReusedAndTheRequestArrivesOnce() throws Exception {
        CountDownLatch closedByServer = new CountDownLatch(1);
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            c.read();
            c.send(OK); // keep-alive by default, then the server closes it (as an idle timeout or a restart would)
            if (c.index == 0) {
                c.socket.close();
                closedByServer.countDown();
            }
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            assertEquals("ok", text(post(client, "/write", "{\"n\":1}")));
            assertTrue(closedByServer.await(10, TimeUnit.SECONDS));
            assertEquals("ok", text(post(client, "/write", "{\"n\":2}")));
            assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), server.requests.stream()
                    .map(ScriptedHttpServer.Received::body).toList(), "each write arrived exactly once");
            assertEquals(2, server.connections());
        }
    }

    @Test
    void answersThatAreNotHttpOrEndTooSoonAreErrorsNeverData() throws Exception {
        List<String> answers = List.of(
                "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                "SSH-2.0-OpenSSH\r\n",
                "");
        List<Class<? extends IOException>> expected = List.of(ProtocolException.class, EOFException.class,
                ProtocolException.class, ProtocolException.class, ProtocolException.class, ProtocolException.class,
                ProtocolException.class, EOFException.class);
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            c.read();
            c.send(answers.get(c.index));
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            for (int i = 0; i < answers.size(); i++) {
                IOException e = assertThrows(IOException.class, () -> get(client, "/x"));
                assertEquals(expected.get(i), e.getClass(), "answer " + i + ": " + e);
            }
            assertEquals(answers.size(), server.connections(), "a connection that failed is never reused");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            c.read();
            release.await();
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            long start = System.nanoTime();
            HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                    () -> client.exchange("GET", "/slow", null, null, Duration.ofMillis(300)));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 250, "gave up after " + waited + " ms, before its timeout: " + e);
            release.countDown();
        }
    }

    @Test
    void valuesThatWouldForgeHeadersAreRefusedBeforeAnythingIsSent() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            while (c.read() != null) {
                c.send(OK);
            }
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            assertThrows(ValidationException.class, () -> client.exchange("GET", "/x", null,
                    "Bearer k\r\nX-Admin: yes", TIMEOUT));
            assertThrows(ValidationException.class, () -> client.exchange("GET", "/x HTTP/1.1\r\nX-A: 1\r\n", null,
                    null, TIMEOUT));
            assertThrows(ValidationException.class, () -> client.exchange("GET", "/caf\u00e9", null, null, TIMEOUT));
            assertEquals("ok", text(client.exchange("GET", "/fine", null, "Bearer k", TIMEOUT)));
            assertEquals(1, server.requests.size());
            assertTrue(server.requests.get(0).head().startsWith("GET /fine HTTP/1.1\r\n"));
            assertTrue(server.requests.get(0).head().contains("\r\nAuthorization: Bearer k\r\n"));
        }
    }

    @Test
    void anEarlyAnswerToALargeBodyIsReadAndItsConnectionIsNotReused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            if (c.index == 0) {
                c.readHeadOnly();
                c.send("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\n\r\ntoo large"); // and no close
                release.await();
            } else {
                c.read();
                c.send(OK);
            }
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            Transport.Response refused = client.exchange("POST", "/write", new byte[16 << 20], null, TIMEOUT);
            assertEquals(413, refused.status());
            assertEquals("too large", text(refused));
            // the body was cut short, so the server would read the next request as the rest of it
            assertEquals("ok", text(post(client, "/write", "{}")));
            assertEquals(2, server.connections());
            release.countDown();
        }
    }

    @Test
    void anInterruptedCallerStopsWaiting() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            c.read();
            received.countDown();
            release.await();
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic
                    .AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    client.exchange("GET", "/slow", null, null, Duration.ofMinutes(5));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            caller.start();
            assertTrue(received.await(10, TimeUnit.SECONDS));
            caller.interrupt();
            caller.join(10_000);
            assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
            release.countDown();
        }
    }

    @Test
    void headerLinesSplitAcrossReadsAreReadWholeAndOverlongOnesRefused() throws Exception {
        String filler = "X-Filler: " + "f".repeat(9_990) + "\r\n"; // pushes the next line across the 16 KiB buffer
        String wide = "w".repeat(10_000);
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> { // both on one kept-alive connection
            c.read();
            c.send("HTTP/1.1 200 OK\r\n" + filler + "X-Wide: " + wide + "\r\nContent-Length: 2\r\n\r\nok");
            c.read();
            c.send("HTTP/1.1 200 OK\r\nX-Huge: " + "h".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nok");
            c.read(); // until the client closes the connection it refused
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            Transport.Response r = get(client, "/wide");
            assertEquals(wide, r.header("X-Wide").orElseThrow());
            assertEquals("ok", text(r));
            ProtocolException e = assertThrows(ProtocolException.class, () -> get(client, "/huge"));
            assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        }
    }

    @Test
    void headerFieldsAreFoundUnderAnyCaseWithTheirValuesTrimmed() throws Exception {
        String body = "{\"a\":1}";
        try (ScriptedHttpServer server = new ScriptedHttpServer(c -> {
            c.read();
            c.send("HTTP/1.1 200 OK\r\nx-mikrodb-VERSION: 7\r\nETAG: \"7\"\r\n"
                    + "X-MikroDB-Timestamp:\t 1700000000000 \r\nX-Other-Name :  padded value  \r\n"
                    + "X-\u00c9t\u00e9: latin\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }); Http1Client client = new Http1Client(server.uri(), TIMEOUT)) {
            Transport.Response r = get(client, "/item");
            assertEquals("7", r.header(dev.mikrodb.wire.WireHeaders.VERSION).orElseThrow());
            assertEquals("\"7\"", r.header("ETag").orElseThrow());
            assertEquals("1700000000000", r.header("x-mikrodb-timestamp").orElseThrow());
            assertEquals("padded value", r.header("X-OTHER-NAME").orElseThrow());
            assertEquals("latin", r.header("x-\u00e9t\u00e9").orElseThrow(), "Latin-1 letters match in any case too");
            assertEquals(List.of("7"), r.headers().get("x-mikrodb-version"), "the map is keyed in lower case");
            assertTrue(r.header(dev.mikrodb.wire.WireHeaders.EXPIRATION).isEmpty());
            assertEquals(body, text(r));
        }
    }
}
