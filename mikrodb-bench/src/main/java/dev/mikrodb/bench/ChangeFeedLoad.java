package dev.mikrodb.bench;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.WriteRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 17's figures. Expiry lag: 100,000 items whose expirations are spread over 10 s, nobody reading them; the lag
 * of each {@code item.expired} event behind its item's expiration, p50/p99/max. Write cost of the durable feed:
 * single writes (os durability, a checkpoint every 4 MiB of WAL so segments are retired often) for a few seconds with the feed's
 * retention on (default) and off, interleaved over several rounds, each with a subscriber attached.
 * {@code java -cp benchmarks.jar dev.mikrodb.bench.ChangeFeedLoad [items] [seconds per round] [rounds]}.
 */
public final class ChangeFeedLoad {
    private ChangeFeedLoad() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        expiryLag(items);
        double[] on = new double[rounds];
        double[] off = new double[rounds];
        writesPerSecond(true, seconds); // warm-up for the JIT, not counted
        writesPerSecond(false, seconds);
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) { // alternate which goes first, so drift on a shared machine does not favour one
                on[r] = writesPerSecond(true, seconds);
                off[r] = writesPerSecond(false, seconds);
            } else {
                off[r] = writesPerSecond(false, seconds);
                on[r] = writesPerSecond(true, seconds);
            }
            System.out.printf("round %d: feed on %.0f writes/s, feed off %.0f writes/s (%.2fx)%n", r + 1, on[r],
                    off[r], on[r] / off[r]);
        }
        double meanOn = Arrays.stream(on).average().orElseThrow();
        double meanOff = Arrays.stream(off).average().orElseThrow();
        System.out.printf("mean: feed on %.0f, off %.0f writes/s: %.2fx%n", meanOn, meanOff, meanOn / meanOff);
    }

    private static void expiryLag(int items) throws Exception {
        Path dir = Files.createTempDirectory("mikrodb-expiry-lag");
        long[] lags = new long[items];
        AtomicInteger seen = new AtomicInteger();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
             Subscription s = db.subscribe("sessions", e -> {
                 if (e.operation().equals(ChangeEvent.ITEM_EXPIRED)) {
                     int i = seen.getAndIncrement();
                     if (i < lags.length) {
                         lags[i] = System.currentTimeMillis() - e.record().expiration();
                     }
                 }
             })) {
            long start = System.currentTimeMillis() + 5_000; // after every write is in
            for (int i = 0; i < items; i += 1000) {
                java.util.List<WriteRequest> batch = new java.util.ArrayList<>();
                for (int j = i; j < Math.min(items, i + 1000); j++) {
                    batch.add(WriteRequest.builder("sessions", Dataset.key(j)).value(new String(Dataset.value(j, 1),
                            java.nio.charset.StandardCharsets.UTF_8)).expiration(start + j * 10_000L / items).build());
                }
                db.writeBatch(batch);
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (seen.get() < items && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            StoreState.deleteTree(dir);
        }
        int n = Math.min(seen.get(), items);
        long[] sorted = Arrays.copyOf(lags, n);
        Arrays.sort(sorted);
        System.out.printf("expiry lag over %d items (expirations spread over 10 s, nobody reading): p50 %d ms, "
                + "p99 %d ms, max %d ms; %d of %d expired events seen%n", items, sorted[n / 2],
                sorted[(int) (n * 0.99)], sorted[n - 1], n, items);
    }

    private static double writesPerSecond(boolean feed, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("mikrodb-feed-writes");
        MikroOptions.Builder options = MikroOptions.builder().databaseDirectory(dir).maxWalBytes(4L << 20);
        if (!feed) {
            options.changeRetention(Duration.ZERO);
        }
        AtomicInteger delivered = new AtomicInteger();
        try (MikroDB db = MikroDB.open(options.build());
             Subscription s = db.subscribe("t", SubscribeOptions.LIVE, e -> delivered.incrementAndGet())) {
            byte[] value = Dataset.value(1, 1);
            String json = new String(value, java.nio.charset.StandardCharsets.UTF_8);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            long started = System.nanoTime();
            int n = 0;
            while (System.nanoTime() < end) {
                db.write("t", Dataset.key(n % 10_000), json);
                n++;
            }
            return n / ((System.nanoTime() - started) / 1e9);
        } finally {
            StoreState.deleteTree(dir);
        }
    }
}
