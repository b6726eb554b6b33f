package dev.mikrodb.client;

import dev.mikrodb.Item;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Query;
import dev.mikrodb.Subscription;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A runnable example: {@code ClientExample http://127.0.0.1:3000 [apiKey]} against a running {@code mikrodb serve}
 * (the README gives the command).
 * Everything below {@link #run} is written against {@link MikroStore}, so it works unchanged on an embedded MikroDB.
 */
public final class ClientExample {
    private ClientExample() {
    }

    public static void main(String[] args) throws Exception {
        try (MikroDBClient client = MikroDBClient.builder(args.length > 0 ? args[0] : "http://127.0.0.1:3000")
                .apiKey(args.length > 1 ? args[1] : null)
                .requestTimeout(Duration.ofSeconds(10))
                .build()) {
            run(client);
        }
    }

    static void run(MikroStore store) throws Exception {
        CountDownLatch threeChanges = new CountDownLatch(3);
        try (Subscription changes = store.subscribe("users", e -> {
            System.out.println("change: " + e.operation() + " " + e.key() + " v" + e.version());
            threeChanges.countDown();
        })) {
            long v1 = store.write("users", "ada", Map.of("name", "Ada", "age", 36));
            store.write("users", "grace", Map.of("name", "Grace", "age", 45));

            // Optimistic concurrency: read, change, write back only if nobody else did meanwhile.
            Item ada = store.get("users", "ada").orElseThrow();
            try {
                store.write(WriteRequest.builder("users", "ada").value(Map.of("name", "Ada", "age", 37))
                        .expectedVersion(ada.version()).build());
            } catch (VersionConflictException e) {
                System.out.println("someone else changed ada; now at version " + e.currentVersion());
            }

            List<Item> over40 = store.query("users", Query.builder()
                    .filter("{\"age\": {\"operator\": \"gt\", \"value\": 40}}").sort("{\"age\": -1}").build());
            System.out.println("over 40: " + over40.stream().map(Item::key).toList() + " (ada was v" + v1 + ")");

            store.write(WriteRequest.builder("sessions", "s1").value("token").ttl(Duration.ofMinutes(30)).build());
            // Changes arrive on the subscription's own thread; wait for the three to users before closing it.
            if (!threeChanges.await(10, TimeUnit.SECONDS)) {
                System.out.println("the change stream fell silent");
            }
        }
    }
}
