package dev.mikrodb.internal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Subscription;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event bus on its own: order, filters by table and event name, draining on close, the durability gate. */
class EventBusTest {
    private static ChangeEvent event(String op, String table, String key) {
        return new ChangeEvent(op, table, key, null, 1, 1, 1);
    }

    @Test
    void subscribersGetTheirTablesAndEventNamesInPublishOrder() throws Exception {
        EventBus bus = new EventBus(100, lsn -> { });
        List<String> all = new CopyOnWriteArrayList<>();
        List<String> users = new CopyOnWriteArrayList<>();
        List<String> deletes = new CopyOnWriteArrayList<>();
        bus.subscribe("all", null, Set.of(), dev.mikrodb.SubscribeOptions.LIVE, e -> all.add(e.key()));
        bus.subscribe("users", "users", Set.of(), dev.mikrodb.SubscribeOptions.LIVE, e -> users.add(e.key()));
        bus.subscribe("deletes", null, Set.of(ChangeEvent.ITEM_DELETED), dev.mikrodb.SubscribeOptions.LIVE, e -> deletes.add(e.key()));
        bus.publish(java.util.List.of(event(ChangeEvent.ITEM_WRITTEN, "users", "1")), 1);
        bus.publish(java.util.List.of(event(ChangeEvent.ITEM_WRITTEN, "orders", "2")), 2);
        bus.publish(java.util.List.of(event(ChangeEvent.ITEM_DELETED, "users", "3")), 3);
        bus.close(); // drains what is queued
        assertEquals(List.of("1", "2", "3"), all);
        assertEquals(List.of("1", "3"), users);
        assertEquals(List.of("3"), deletes);
    }

    @Test
    void noEventIsDeliveredBeforeTheGateLetsItsPositionThrough() throws Exception {
        CountDownLatch durable = new CountDownLatch(1);
        List<Long> gated = new CopyOnWriteArrayList<>();
        EventBus bus = new EventBus(100, lsn -> {
            gated.add(lsn);
            try {
                durable.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch delivered = new CountDownLatch(1);
        Subscription s = bus.subscribe("s", null, Set.of(), dev.mikrodb.SubscribeOptions.LIVE, e -> {
            seen.add(e.key());
            delivered.countDown();
        });
        bus.publish(java.util.List.of(event(ChangeEvent.ITEM_WRITTEN, "t", "k")), 42);
        while (gated.isEmpty()) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(42L), gated);
        assertEquals(List.of(), seen, "held at the gate");
        durable.countDown();
        assertEquals(true, delivered.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("k"), seen);
        s.close();
        bus.close();
    }
}
