package dev.mikrodb;

import dev.mikrodb.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired items vanish from every read at once and are removed, with item.expired, exactly once. */
class ExpiryTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    final List<ChangeEvent> expired = new CopyOnWriteArrayList<>();

    private MikroDB open(long walIntervalMillis) {
        return MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock)
                .walIntervalMillis(walIntervalMillis).listener(ChangeEvent.ITEM_EXPIRED, expired::add).build());
    }

    @Test
    void expiredItemsAreInvisibleToEveryReadAndRemovedOnce() throws Exception {
        try (MikroDB db = open(60_000)) {
            long now = clock.millis();
            db.write(WriteRequest.builder("t", "soon").value("a").expiration(now + 1000).build());
            db.write(WriteRequest.builder("t", "ttl").value("b").ttl(Duration.ofSeconds(5)).build());
            db.write("t", "forever", "c");
            Item item = db.get("t", "soon").orElseThrow();
            assertEquals(now + 1000, item.expiration());
            assertEquals(now + 5000, db.get("t", "ttl").orElseThrow().expiration());

            clock.advance(1000);
            assertFalse(db.get("t", "soon").isPresent(), "expires at its expiration instant");
            assertEquals(2, db.tableSize("t"));
            assertEquals(List.of("forever", "ttl"), db.getAll("t").stream().map(Item::key).sorted().toList());
            assertFalse(db.get("t", "soon").isPresent());

            clock.advance(4000);
            assertEquals(1, db.tableSize("t"));
            assertEquals(1, db.cleanupExpiredItems());
            assertEquals(0, db.cleanupExpiredItems());
            awaitEvents(2);
            assertEquals(List.of("soon", "ttl"), expired.stream().map(ChangeEvent::key).sorted().toList());
            assertEquals("a", expired.stream().filter(e -> e.key().equals("soon")).findFirst().orElseThrow()
                    .record().value().asText());
        }
        List<ChangeEvent> afterReopen = new CopyOnWriteArrayList<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock)
                .walIntervalMillis(60_000).listener(null, afterReopen::add).build())) {
            assertEquals(List.of("forever"), db.getAll("t").stream().map(Item::key).toList());
            db.cleanupExpiredItems();
            db.write("t", "marker", 1); // events arrive in commit order: anything expired before it comes first
            ChangeEventsTest.await(() -> afterReopen.stream().anyMatch(e -> "marker".equals(e.key())));
        }
        assertEquals(List.of(ChangeEvent.ITEM_WRITTEN), afterReopen.stream().map(ChangeEvent::operation).toList(),
                "no item.expired is emitted twice, even across a reopen");
        assertEquals(2, expired.size());
    }

    @Test
    void periodicSweepRemovesExpiredItemsWithoutAnyRead() throws Exception {
        try (MikroDB db = open(20)) {
            for (int i = 0; i < 10; i++) {
                db.write(WriteRequest.builder("t", "k" + i).value(i).ttl(Duration.ofMillis(500)).build());
            }
            clock.advance(1000);
            awaitEvents(10);
            assertEquals(10, expired.size());
            assertEquals(0, db.tableSize("t"));
        }
    }

    @Test
    void overwritingAnExpiredItemStartsANewHistory() throws Exception {
        try (MikroDB db = open(60_000)) {
            db.write(WriteRequest.builder("t", "k").value(1).ttl(Duration.ofSeconds(1)).build());
            clock.advance(2000);
            assertEquals(1, db.write(WriteRequest.builder("t", "k").value(2).expectedVersion(0).build()));
            awaitEvents(1);
        }
    }

    @Test
    void pastExpirationAndBadTtlAreRejected() {
        try (MikroDB db = open(60_000)) {
            ValidationException e = assertThrows(ValidationException.class, () -> db.write(
                    WriteRequest.builder("t", "k").value(1).expiration(clock.millis() - 1).build()));
            assertTrue(e.getMessage().contains("not in the future"), e.getMessage());
            assertThrows(ValidationException.class, () -> db.write(
                    WriteRequest.builder("t", "k").value(1).ttl(Duration.ZERO).build()));
            assertThrows(ValidationException.class, () -> db.write(WriteRequest.builder("t", "k").value(1)
                    .ttl(Duration.ofSeconds(1)).expiration(clock.millis() + 5000).build()));
            assertFalse(db.tableExists("t"));
        }
    }

    @Test
    void itemsExpireOnTimeWithoutBeingReadAndLeaveTheirIndexes() throws Exception {
        java.util.Map<String, Long> lagByKey = new java.util.concurrent.ConcurrentHashMap<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir.resolve("timely"))
                .walIntervalMillis(60_000).build())) {
            db.createIndex("t", IndexSpec.on("color"));
            long start = System.currentTimeMillis();
            for (int i = 0; i < 200; i++) {
                db.write(WriteRequest.builder("t", "k" + i).value(java.util.Map.of("color", "red"))
                        .expiration(start + 300 + i * 5L).build());
            }
            db.write("t", "stays", java.util.Map.of("color", "red"));
            try (Subscription s = db.subscribe("t", e -> {
                if (e.operation().equals(ChangeEvent.ITEM_EXPIRED)) {
                    lagByKey.put(e.key(), System.currentTimeMillis() - e.record().expiration());
                }
            })) {
                ChangeEventsTest.await(() -> lagByKey.size() == 200); // nobody reads the items
            }
            long worst = lagByKey.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(worst < 1_000, "an item.expired came " + worst + " ms after its expiration");
            Query red = Query.builder().filter("{\"color\": \"red\"}").build();
            assertEquals(List.of("stays"), db.query("t", red).stream().map(Item::key).toList(),
                    "expired items left the index");
            Explained plan = db.explain("t", red);
            assertEquals("color_1", plan.plan().index());
            assertEquals(1, plan.plan().keysExamined(), "the index holds only the item that stays");
        }
    }

    @Test
    void afterARestartItemsOfTablesNobodyLoadsStillExpireOnTime() throws Exception {
        Path d = dir.resolve("restarted");
        MikroOptions options = MikroOptions.builder().databaseDirectory(d).walIntervalMillis(60_000).build();
        long expiration;
        try (MikroDB db = MikroDB.open(options)) {
            expiration = System.currentTimeMillis() + 1_500;
            for (int i = 0; i < 20; i++) {
                db.write(WriteRequest.builder("sessions", "s" + i).value(i).expiration(expiration).build());
            }
            db.write("other", "k", 1);
        } // the close checkpoints: the tables leave memory, expiry.hints names 'sessions'
        java.util.Map<String, Long> lag = new java.util.concurrent.ConcurrentHashMap<>();
        try (MikroDB db = MikroDB.open(options);
             Subscription s = db.subscribe("sessions", e -> lag.put(e.key(), System.currentTimeMillis()
                     - e.record().expiration()))) {
            assertFalse(db.tableInMemory(null, "sessions"), "nothing has loaded it");
            ChangeEventsTest.await(() -> lag.size() == 20); // nobody reads it
            long worst = lag.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(worst < 1_000, "an item.expired came " + worst + " ms late");
            assertFalse(db.tableInMemory(null, "other"), "tables without expiring items stay on disk");
        }
    }

    private void awaitEvents(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (expired.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, expired.size());
    }
}
