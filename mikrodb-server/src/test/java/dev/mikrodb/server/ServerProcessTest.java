package dev.mikrodb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.server.testing.ServerProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as a real process: SIGTERM drains, flushes and exits 0; a restart finds every acknowledged write. */
class ServerProcessTest {
    @TempDir
    Path dir;

    static Process startServer(Path dbDir, String... extra) throws Exception {
        return startServer("-Xmx512m", dbDir, extra);
    }

    static Process startServer(String heap, Path dbDir, String... extra) throws Exception {
        return ServerProcesses.start(heap, dbDir, extra);
    }

    /** Reads the child's output until it says where it listens; returns the base URL. Later output goes to {@code rest}. */
    static String awaitListening(Process p) throws Exception {
        return awaitListening(p, new StringBuffer());
    }

    static String awaitListening(Process p, StringBuffer rest) throws Exception {
        return ServerProcesses.awaitListening(p, new ArrayList<>(), rest);
    }

    /** Starts a server in async mode that writes nothing to the WAL on its own: only a drain saves its writes. */
    private static Process startAsyncServer(Path db) throws Exception {
        return startServer(db, "--durability", "async", "--interval", "600000", "--maxWrites", "1000000");
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    @Test
    void sigtermDrainsTheRequestInFlightAndFlushesEveryAcknowledgedAsyncWrite() throws Exception {
        Process server = startAsyncServer(dir.resolve("db"));
        StringBuffer output = new StringBuffer();
        try {
            String url = awaitListening(server, output);
            TestHttp h = new TestHttp(url);
            for (int i = 0; i < 50; i++) {
                assertEquals(200, h.post("/write", "{\"tableName\": \"t\", \"key\": \"k" + i + "\", \"value\": " + i
                        + "}").statusCode());
            }
            byte[] body = "{\"tableName\": \"t\", \"key\": \"inflight\", \"value\": \"done\"}"
                    .getBytes(StandardCharsets.UTF_8);
            try (RawHttp inFlight = new RawHttp(port(url))) {
                inFlight.send("POST /write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Expect: 100-continue\r\nContent-Length: " + body.length + "\r\n\r\n");
                assertEquals(100, inFlight.read().status(), "the server has started on the request");
                server.toHandle().destroy(); // SIGTERM, with the request's body not yet sent
                ServerLifecycleTest.waitUntil(() -> output.toString().contains("stopping: draining"));
                inFlight.send(body);
                RawHttp.Answer answer = inFlight.read();
                assertEquals(200, answer.status(), "a draining server finishes the request in flight: " + answer);
            }
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertEquals(143, server.exitValue(), "128 + SIGTERM: shut down through the hooks");
        } finally {
            server.destroyForcibly();
        }
        Process again = startServer(dir.resolve("db"));
        try {
            TestHttp h = new TestHttp(awaitListening(again));
            assertEquals("{\"tableName\":\"t\",\"size\":51}", h.get("/table?tableName=t").body(),
                    "the 50 buffered async writes and the drained request were flushed");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkillLosesTheAsyncBufferWhichIsWhatTheDrainTestWouldCatch() throws Exception {
        Process server = startAsyncServer(dir.resolve("killed"));
        try {
            TestHttp h = new TestHttp(awaitListening(server));
            for (int i = 0; i < 50; i++) {
                assertEquals(200, h.post("/write", "{\"tableName\": \"t\", \"key\": \"k" + i + "\", \"value\": " + i
                        + "}").statusCode());
            }
            server.destroyForcibly(); // SIGKILL: no hooks, no drain, no flush
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        } finally {
            server.destroyForcibly();
        }
        Process again = startServer(dir.resolve("killed"));
        try {
            TestHttp h = new TestHttp(awaitListening(again));
            assertEquals(404, h.get("/table?tableName=t").statusCode(), "async mode's documented loss window");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void subscribersThatStopReadingCostBoundedMemoryAndNeverSlowOthers() throws Exception {
        // 20 subscribers that never read and 40 MB of changes: unbounded, 800 MB would queue in a 96 MB heap.
        Process server = startServer("-Xmx96m", dir.resolve("sse"));
        StringBuffer output = new StringBuffer();
        java.util.List<java.net.Socket> stuck = new java.util.ArrayList<>();
        try {
            String url = awaitListening(server, output);
            for (int i = 0; i < 20; i++) {
                java.net.Socket s = new java.net.Socket();
                s.setReceiveBufferSize(4096);
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port(url)));
                s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                stuck.add(s);
            }
            java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            Thread reader = new Thread(() -> { // one subscriber that keeps up
                try {
                    java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(url + "/events")).build(), java.net.http.HttpResponse.BodyHandlers
                            .ofLines()).body().forEach(line -> {
                                String event = line.startsWith("event:") ? line.substring(6).trim() : "";
                                if (event.equals("ready")) {
                                    ready.countDown();
                                } else if (event.equals("item.written")) {
                                    seen.incrementAndGet();
                                }
                            });
                } catch (Exception ignored) {
                    // the server stopped
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertTrue(ready.await(20, TimeUnit.SECONDS));
            TestHttp h = new TestHttp(url);
            String value = "\"" + "v".repeat(20_000) + "\"";
            for (int i = 0; i < 2_000; i++) {
                assertEquals(200, h.post("/write", "{\"tableName\": \"t\", \"key\": \"k" + (i % 100)
                        + "\", \"value\": " + value + "}").statusCode(), "write " + i);
            }
            ServerLifecycleTest.waitUntil(() -> seen.get() == 2_000);
            assertEquals(200, h.get("/health").statusCode());
            assertTrue(server.isAlive());
            assertTrue(output.toString().contains("the client is not reading"), output.toString());
            assertFalse(output.toString().contains("OutOfMemoryError"), output.toString());
        } finally {
            for (java.net.Socket s : stuck) {
                s.close();
            }
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void badConfigurationExitsWithAClearMessage() throws Exception {
        Process p = startServer(dir.resolve("db"), "--host", "0.0.0.0");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.startsWith("error: refusing to listen on 0.0.0.0"), output);
        assertTrue(!output.contains("Exception"), output);
    }
}
