package dev.mikrodb.bench;

import dev.mikrodb.IndexSpec;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The cost of maintaining indexes on writes: single writes (os durability) overwriting 100,000 keys of documents
 * {@code {age: 0-79, name: one of 50,000, city: one of 5, x}} for a few seconds, with 0 and with 3 indexes (age,
 * name, city: two of them low-cardinality), alternating. {@code java -cp benchmarks.jar
 * dev.mikrodb.bench.IndexWriteLoad [seconds] [rounds]}.
 */
public final class IndexWriteLoad {
    private static final String[] FIELDS = {"age", "name", "city"};
    private static final String[] CITIES = {"Oslo", "Lima", "Pune", "Kyiv", "Doha"};

    private IndexWriteLoad() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 6;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        rate(0, 2); // warm-up
        for (int r = 0; r < rounds; r++) {
            double plain = rate(0, seconds);
            double indexed = rate(3, seconds);
            System.out.printf("round %d: no index %.0f writes/s, 3 indexes %.0f writes/s (%.2fx)%n", r + 1, plain,
                    indexed, indexed / plain);
        }
    }

    private static double rate(int indexes, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("mikrodb-index-writes");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build())) {
            for (int i = 0; i < indexes; i++) {
                db.createIndex("t", IndexSpec.on(FIELDS[i]));
            }
            Random random = new Random(1);
            long started = System.nanoTime();
            long end = started + (long) (seconds * 1e9);
            int n = 0;
            while (System.nanoTime() < end) {
                db.write("t", "k" + (n % 100_000), Map.of("age", random.nextInt(80), "name", "n"
                        + random.nextInt(50_000), "city", CITIES[random.nextInt(5)], "x", n));
                n++;
            }
            return n / ((System.nanoTime() - started) / 1e9);
        } finally {
            StoreState.deleteTree(dir);
        }
    }
}
