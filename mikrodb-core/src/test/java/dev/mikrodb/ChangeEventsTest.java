package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.mikrodb.internal.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change data capture: payloads, commit order, isolation from failing or slow listeners, webhooks. */
class ChangeEventsTest {
    @TempDir
    Path dir;

    @Test
    void eventsCarryTheSeedPayloadPlusVersionAndTimestamp() throws Exception {
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).listener(null, events::add)
                .build())) {
            db.write("users", "u1", Map.of("name", "Ada"));
            db.write("users", "u1", Map.of("name", "Grace"));
            db.delete("users", "u1");
            db.write("users", "u2", 1);
            db.deleteTable("users");
            await(() -> events.size() == 5);
        }
        assertEquals(List.of("item.written", "item.written", "item.deleted", "item.written", "table.deleted"),
                events.stream().map(ChangeEvent::operation).toList());
        JsonNode written = wire(events.get(1));
        assertEquals("item.written", written.get("operation").asText());
        assertEquals("users", written.get("table").asText());
        assertEquals("u1", written.get("key").asText());
        assertEquals("Grace", written.get("record").get("value").get("name").asText());
        assertEquals(2, written.get("record").get("version").asLong());
        assertEquals(2, written.get("version").asLong());
        assertTrue(written.get("timestamp").asLong() > 0);
        JsonNode deleted = wire(events.get(2));
        assertEquals("u1", deleted.get("key").asText());
        JsonNode dropped = wire(events.get(4));
        assertEquals("table.deleted", dropped.get("operation").asText());
        assertEquals("users", dropped.get("table").asText());
    }

    private static JsonNode wire(ChangeEvent event) {
        return dev.mikrodb.wire.WireJson.parseAnswer(dev.mikrodb.wire.ChangeEventCodec.toBytes(event));
    }

    @Test
    void subscribersSeeCommitOrderPerTableUnderConcurrentWriters() throws Exception {
        List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(dir)) {
            Subscription sub = db.subscribe("hot", events::add);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        db.write("hot", "k" + (i % 5), i);
                        db.write("cold", "k", i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            await(() -> events.size() == 800);
            sub.close();
            Map<String, Long> lastVersion = new java.util.HashMap<>();
            for (ChangeEvent e : events) {
                assertEquals("hot", e.table(), "subscription is per table");
                long previous = lastVersion.getOrDefault(e.key(), 0L);
                assertEquals(previous + 1, e.version(), "versions of " + e.key() + " arrive in commit order");
                lastVersion.put(e.key(), e.version());
            }
            assertEquals(0, sub.droppedEvents());
        }
    }

    @Test
    void throwingOrBlockedListenersNeverFailOrBlockWrites() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowSeen = new AtomicInteger();
        List<String> throwingSeen = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).eventQueueCapacity(1000)
                .listener(ChangeEvent.ITEM_WRITTEN, e -> {
                    throwingSeen.add(e.key());
                    throw new IllegalStateException("listener bug");
                })
                .listener(ChangeEvent.ITEM_WRITTEN, e -> {
                    release.await();
                    slowSeen.incrementAndGet();
                }).build())) {
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, i); // would hang here if a listener could block writers
            }
            assertEquals(100, db.tableSize("t"));
            await(() -> throwingSeen.size() == 100);
            assertEquals(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "k" + i).toList(), throwingSeen,
                    "a listener that throws on every event still receives every later one, in order");
            release.countDown();
        }
    }

    @Test
    void aSubscriberThatFallsBehindItsQueueReadsTheRestFromTheLogAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowSeen = new AtomicInteger();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).eventQueueCapacity(10).build())) {
            CountDownLatch blocked = new CountDownLatch(1);
            Subscription slow = db.subscribe("t", e -> {
                blocked.countDown();
                release.await();
                slowSeen.incrementAndGet();
            });
            db.write("t", "first", 0);
            blocked.await(); // the listener holds "first"; the queue is empty and holds 10
            for (int i = 0; i < 100; i++) {
                db.write("t", "k" + i, i); // would hang here if a listener could block writers
            }
            assertEquals(0, slow.droppedEvents(), "10 queued, the other 90 read back from the log");
            release.countDown();
            await(() -> slowSeen.get() == 101);
        }
    }

    @Test
    void webhookTargetsReceiveEventsWithHeadersAndRetriesAfterFailures() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger attempts = new AtomicInteger();
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = attempts.incrementAndGet();
            int status = n <= 2 ? 503 : 200; // the first two attempts fail
            if (status == 200) {
                received.add(Json.MAPPER.readTree(body));
                auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir)
                .webhook("audit", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
                        Map.of("Authorization", "Bearer hook-secret"), List.of("item.written"))
                .build())) {
            db.write("orders", "o1", Map.of("total", 42));
            db.delete("orders", "o1"); // not subscribed
            db.write("orders", "o2", Map.of("total", 7));
            await(() -> received.size() == 2);
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("o1", "o2"), received.stream().map(n -> n.get("key").asText()).toList());
        assertEquals(42, received.get(0).get("record").get("value").get("total").asInt());
        assertEquals(List.of("Bearer hook-secret", "Bearer hook-secret"), auth);
        assertEquals(4, attempts.get());
    }

    @Test
    void aWebhookTargetThatIsDownGetsEveryEventOnceItIsBackEvenAcrossARestart() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(false);
        List<Long> revisions = new CopyOnWriteArrayList<>();
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (up.get()) {
                revisions.add(Json.MAPPER.readTree(body).get("revision").asLong());
            }
            exchange.sendResponseHeaders(up.get() ? 200 : 503, -1);
            exchange.close();
        });
        server.start();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).eventQueueCapacity(2)
                .webhook("audit", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook", Map.of(), List.of())
                .build();
        try {
            try (MikroDB db = MikroDB.open(options)) {
                for (int i = 0; i < 10; i++) {
                    db.write("orders", "o" + i, i); // the target is down: nothing is delivered
                }
            }
            up.set(true);
            try (MikroDB db = MikroDB.open(options)) { // restarted: resumes from the stored position
                db.write("orders", "after", 1);
                await(() -> revisions.size() >= 11);
            }
        } finally {
            server.stop(0);
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 11).boxed().toList(), revisions,
                "every event once, in revision order, none lost while the target was down");
    }

    /**
     * With os durability a target is sent commits before the disk has them: a power cut can keep the webhook's
     * position file and lose those commits. The new commits that take their revisions again must still be sent.
     */
    @Test
    void aWebhookWhosePositionIsPastTheRecoveredRevisionGetsTheCommitsThatFollow() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<Long> revisions = new CopyOnWriteArrayList<>();
        server.createContext("/hook", exchange -> {
            revisions.add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()).get("revision").asLong());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).durability(Durability.OS)
                .webhook("audit", "http://127.0.0.1:" + server.getAddress().getPort() + "/hook", Map.of(), List.of())
                .build();
        try {
            try (MikroDB db = MikroDB.open(options)) {
                for (int i = 0; i < 3; i++) {
                    db.write("orders", "o" + i, i);
                }
                await(() -> revisions.size() >= 3);
            }
            // the image such a power cut leaves: revisions 4 to 9 were sent, their commits lost
            java.nio.file.Files.writeString(dir.resolve("changes/webhook-audit.position"), "9\n");
            try (MikroDB db = MikroDB.open(options)) {
                assertEquals(3, db.revision());
                db.write("orders", "after", 1);
                await(() -> revisions.size() >= 4);
            }
        } finally {
            server.stop(0);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), revisions, "the commit after the power cut is sent");
    }

    @Test
    void badEventConfigurationIsRejected() {
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> MikroOptions.builder().listener("item.created", ev -> { }));
        assertTrue(e.getMessage().contains("item.created"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> MikroOptions.builder().webhook("x", "ftp://host/x", Map.of(), List.of()));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.sleep(5);
        }
    }
}
