package dev.mikrodb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Item;
import dev.mikrodb.MikroDB;
import dev.mikrodb.Query;
import dev.mikrodb.Subscription;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import dev.mikrodb.server.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the client does: error mapping, retries, timeouts, TLS, keys, encoding, async, reconnecting streams. */
class MikroDBClientTest {
    @TempDir
    Path dir;
    HttpServer stub;
    final AtomicInteger requests = new AtomicInteger();
    final List<Long> requestTimes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    /** A loopback HTTP server whose answer to the Nth request is {@code answers[N-1]} (the last one repeats). */
    private String stub(String path, int[] statuses, String okBody, Map<String, String> headers) throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext(path, exchange -> {
            int n = requests.incrementAndGet();
            requestTimes.add(System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            int status = statuses[Math.min(n, statuses.length) - 1];
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = (status == 200 ? okBody : "{\"error\": \"try later\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private String silentStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        stub.createContext("/", (HttpExchange exchange) -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(5_000); // never answers in time
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stub.start();
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private static RetryPolicy fastRetries() {
        return new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @Test
    void retriesAReadOnA503ThenSucceeds() throws Exception {
        String url = stub("/tables", new int[] {503, 503, 200}, "[\"a\"]", Map.of());
        try (MikroDBClient client = MikroDBClient.builder(url).retryPolicy(fastRetries()).build()) {
            assertEquals(List.of("a"), client.tables());
        }
        assertEquals(3, requests.get());
    }

    @Test
    void retriesEvenAWriteOn503BecauseTheServerDidNotProcessIt() throws Exception {
        String url = stub("/write", new int[] {503, 200}, "{\"success\": true, \"version\": 4}", Map.of());
        try (MikroDBClient client = MikroDBClient.builder(url).retryPolicy(fastRetries()).build()) {
            assertEquals(4, client.write(WriteRequest.builder("t", "k").value(1).expectedVersion(3).build()));
        }
        assertEquals(2, requests.get());
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        String url = stub("/tables", new int[] {429, 200}, "[]", Map.of("Retry-After", "1"));
        try (MikroDBClient client = MikroDBClient.builder(url).retryPolicy(fastRetries()).build()) {
            assertEquals(List.of(), client.tables());
        }
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(requestTimes.get(1) - requestTimes.get(0));
        assertTrue(waitedMillis >= 950, "waited only " + waitedMillis + " ms despite Retry-After: 1");
    }

    @Test
    void serverErrorsAreNotRetriedAndSurfaceWithTheirStatus() throws Exception {
        String url = stub("/write", new int[] {500}, "", Map.of());
        try (MikroDBClient client = MikroDBClient.builder(url).retryPolicy(fastRetries()).build()) {
            ServerErrorException e = assertThrows(ServerErrorException.class, () -> client.write("t", "k", 1));
            assertEquals(500, e.status());
            assertEquals("try later", e.serverMessage());
            assertTrue(e.getMessage().contains("server answered 500"), e.getMessage());
        }
        assertEquals(1, requests.get());
    }

    @Test
    void doesNotHangWhenRetryAfterIsLongerThanTheRequestTimeout() throws Exception {
        String url = stub("/tables", new int[] {429, 200}, "[]", Map.of("Retry-After", "3600"));
        try (MikroDBClient client = MikroDBClient.builder(url).retryPolicy(fastRetries()).build()) {
            RateLimitedException e = assertThrows(RateLimitedException.class, client::tables);
            assertEquals(Duration.ofHours(1), e.retryAfter());
        }
        assertEquals(1, requests.get());
    }

    @Test
    void givesUpWithATypedErrorWhenRetriesRunOut() throws Exception {
        String url = stub("/tables", new int[] {429}, "[]", Map.of("Retry-After", "0"));
        try (MikroDBClient client = MikroDBClient.builder(url).retryPolicy(fastRetries()).build()) {
            RateLimitedException e = assertThrows(RateLimitedException.class, client::tables);
            assertEquals(Duration.ZERO, e.retryAfter());
        }
        assertEquals(4, requests.get());
    }

    @Test
    void readsTimeOutAndAreRetriedButWritesAreNeverRepeatedOnceSent() throws Exception {
        String url = silentStub();
        try (MikroDBClient client = MikroDBClient.builder(url).requestTimeout(Duration.ofMillis(200))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5))).build()) {
            ConnectionException read = assertThrows(ConnectionException.class, client::tables);
            assertFalse(read.mayHaveBeenApplied());
            assertTrue(read.getMessage().contains(url), read.getMessage());
            assertEquals(3, requests.get(), "reads are retried");
            requests.set(0);
            ConnectionException write = assertThrows(ConnectionException.class,
                    () -> client.write(WriteRequest.builder("t", "k").value(1).expectedVersion(1).build()));
            assertTrue(write.mayHaveBeenApplied());
            assertTrue(write.getMessage().contains("may or may not have been applied"), write.getMessage());
            assertEquals(1, requests.get(), "a write that may have reached the server is not repeated");
        }
    }

    @Test
    void refusedConnectionsAreClearAndNotAmbiguous() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (MikroDBClient client = MikroDBClient.builder("http://127.0.0.1:" + port)
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(5))).build()) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> client.write("t", "k", 1));
            assertFalse(e.mayHaveBeenApplied());
            assertTrue(e.getMessage().startsWith("cannot reach http://127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void serverErrorsMapToTypedExceptions() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("db"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).apiKey("client-test-key-0123")
                     .maxBodyBytes(2048).build())) {
            try (MikroDBClient anonymous = MikroDBClient.connect(server.baseUrl())) {
                UnauthorizedException e = assertThrows(UnauthorizedException.class, anonymous::tables);
                assertEquals(401, e.status());
                assertEquals("ok", anonymous.health().get("status").asText());
            }
            try (MikroDBClient client = MikroDBClient.builder(server.baseUrl()).apiKey("client-test-key-0123").build()) {
                client.write("t", "k", 1);
                RequestTooLargeException big = assertThrows(RequestTooLargeException.class,
                        () -> client.write("t", "big", "x".repeat(4096)));
                assertEquals(413, big.status());
                assertThrows(ValidationException.class, () -> client.query("t", Query.builder()
                        .filter(v -> true).build()));
                assertThrows(ValidationException.class, () -> client.query("t", Query.builder()
                        .sort((a, b) -> 0).build()));
            }
        }
    }

    @Test
    void aBodyFarOverTheLimitGetsThe413NotABrokenConnection() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("db"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).maxBodyBytes(2048).build());
             MikroDBClient client = MikroDBClient.builder(server.baseUrl()).retryPolicy(RetryPolicy.none()).build()) {
            // 8 MiB fills the socket buffers, so the server answers while the client is still sending
            RequestTooLargeException big = assertThrows(RequestTooLargeException.class,
                    () -> client.write("t", "big", "x".repeat(8 << 20)));
            assertEquals(413, big.status());
            client.write("t", "small", 1);
            assertEquals(List.of("small"), client.query("t", Query.all()).stream().map(Item::key).toList());
        }
    }

    @Test
    void keptAliveConnectionsSurviveAServerRestartWithoutRetriesOrAmbiguousWrites() throws Exception {
        MikroDB db = MikroDB.open(dir.resolve("db"));
        MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build());
        int port = server.port();
        try (MikroDBClient client = MikroDBClient.builder(server.baseUrl()).retryPolicy(RetryPolicy.none()).build()) {
            long v1 = client.write("t", "k", 1);
            server.stop();
            server = MikroServer.start(db, ServerSettings.builder().port(port).build());
            // the pooled connection died with the old server; the write must go out once, on a new connection
            long v2 = client.write(WriteRequest.builder("t", "k").value(2).expectedVersion(v1).build());
            assertEquals(v1 + 1, v2);
            assertEquals(2, db.get("t", "k").orElseThrow().value().asInt());
        } finally {
            server.stop();
            db.close();
        }
    }

    @Test
    void concurrentCallersShareThePoolAndEachGetsItsOwnAnswer() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("db"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build());
             MikroDBClient client = MikroDBClient.connect(server.baseUrl())) {
            int threads = 16;
            int perThread = 200;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String key = thread + "-" + i;
                        client.write("t", key, Map.of("thread", thread, "i", i));
                        Item item = client.get("t", key).orElseThrow();
                        assertEquals(thread, item.value().get("thread").asInt());
                        assertEquals(i, item.value().get("i").asInt());
                        assertEquals(i, client.getAsync("t", key).join().orElseThrow().value().get("i").asInt());
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(threads * perThread, db.query("t", Query.all()).size());
        }
    }

    @Test
    void keysAndTableNamesArePercentEncoded() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("db"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build());
             MikroDBClient client = MikroDBClient.connect(server.baseUrl())) {
            String key = "a/b c&d=e?f#g%h+ü";
            client.write("t.v-1_x", key, 1);
            assertEquals(key, db.get("t.v-1_x", key).orElseThrow().key());
            assertTrue(client.get("t.v-1_x", key).isPresent());
            assertEquals(1, client.tableSize("t.v-1_x"));
            assertTrue(client.delete("t.v-1_x", key, 1));
            assertFalse(db.get("t.v-1_x", key).isPresent());
        }
    }

    @Test
    void tlsWithASelfSignedCertificateAndHttp2() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate(dir);
        try (MikroDB db = MikroDB.open(dir.resolve("db"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0)
                     .https(cert.certFile.toString(), cert.keyFile.toString(), null).http2(true).build())) {
            try (MikroDBClient client = MikroDBClient.builder(server.baseUrl()).trustCertificates(cert.certFile)
                    .http2(true).build()) {
                assertEquals("HTTP/2.0", client.health().get("protocol").asText(), "HTTP/2 negotiated over TLS (ALPN)");
                client.write("t", "k", "secure");
                assertEquals("\"secure\"", client.get("t", "k").orElseThrow().valueJson());
            }
            try (MikroDBClient untrusting = MikroDBClient.builder(server.baseUrl()).retryPolicy(RetryPolicy.none())
                    .build()) {
                ConnectionException e = assertThrows(ConnectionException.class, untrusting::tables);
                assertTrue(e.getMessage().contains("SSL") || e.getMessage().contains("certification"),
                        e.getMessage());
            }
        }
    }

    @Test
    void asyncVariants() throws Exception {
        try (MikroDB db = MikroDB.open(dir.resolve("db"));
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build());
             MikroDBClient client = MikroDBClient.connect(server.baseUrl())) {
            assertEquals(1L, client.writeAsync(WriteRequest.of("t", "k", Map.of("n", 1))).get(10, TimeUnit.SECONDS));
            Item item = client.getAsync("t", "k").get(10, TimeUnit.SECONDS).orElseThrow();
            assertEquals(1, item.value().get("n").asInt());
            assertTrue(client.getAsync("t", "missing").get(10, TimeUnit.SECONDS).isEmpty());
            assertEquals(1, client.queryAsync("t", Query.all()).get(10, TimeUnit.SECONDS).size());
            var failed = client.writeAsync(WriteRequest.builder("t", "k").value(2).expectedVersion(5).build());
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof dev.mikrodb.VersionConflictException, e.toString());
            // a thousand requests at once queue for a bounded pool instead of each taking a thread and a socket
            List<java.util.concurrent.CompletableFuture<Long>> many = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                many.add(client.writeAsync(WriteRequest.of("many", "k" + i, Map.of("i", i))));
            }
            for (var f : many) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(1_000, db.query("many", Query.all()).size());
            long asyncThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("mikrodb-client-async")).count();
            assertTrue(asyncThreads <= 64, asyncThreads + " async threads");
        }
    }

    @Test
    void changeStreamResumesAfterAServerRestartWithEveryChangeMadeMeanwhileExactlyOnce() throws Exception {
        MikroDB db = MikroDB.open(dir.resolve("db"));
        MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build());
        int port = server.port();
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        try (MikroDBClient client = MikroDBClient.connect(server.baseUrl());
             Subscription sub = client.subscribe("t", events::add)) {
            client.write("t", "before", 1);
            waitFor(() -> events.size() == 1);
            server.stop();
            // While no server runs: a batch (one revision, two events), a delete, a write elsewhere, a checkpoint.
            db.writeBatch(List.of(WriteRequest.of("t", "gap1", 1), WriteRequest.of("t", "gap2", 2)));
            db.delete("t", "before");
            db.write("other", "x", 1);
            db.flush();
            server = MikroServer.start(db, ServerSettings.builder().port(port).build());
            db.write("t", "after", 1);
            waitFor(() -> events.size() == 5);
            assertEquals(List.of("before", "gap1", "gap2", "before", "after"),
                    events.stream().map(ChangeEvent::key).toList());
            assertEquals(List.of(1L, 2L, 2L, 3L, 5L), events.stream().map(ChangeEvent::revision).toList());
            assertEquals(5, sub.deliveredRevision());
        } finally {
            server.stop();
            db.close();
        }
    }

    @Test
    void aResumeFromBeforeTheRetainedHistoryThrowsWithTheCompactRevision() throws Exception {
        try (MikroDB db = MikroDB.open(dev.mikrodb.MikroOptions.builder().databaseDirectory(dir.resolve("db"))
                .changeRetentionBytes(1).build());
             MikroServer server = MikroServer.start(db, ServerSettings.builder().port(0).build());
             MikroDBClient client = MikroDBClient.connect(server.baseUrl())) {
            for (int i = 0; i < 4; i++) {
                client.write("t", "k" + i, i);
            }
            db.flush();
            dev.mikrodb.HistoryCompactedException e = assertThrows(dev.mikrodb.HistoryCompactedException.class,
                    () -> client.subscribe("t", dev.mikrodb.SubscribeOptions.fromRevision(1), event -> { }));
            assertEquals(4, e.compactRevision());
            assertEquals(1, e.requestedRevision());
            assertEquals(4, client.revision());
        }
    }

    @Test
    void badBaseUrlsAreRejected() {
        assertThrows(ValidationException.class, () -> MikroDBClient.connect("localhost:3000"));
        assertThrows(ValidationException.class, () -> MikroDBClient.builder("http://x").trustCertificates(
                dir.resolve("none.pem")));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.sleep(10);
        }
    }
}
