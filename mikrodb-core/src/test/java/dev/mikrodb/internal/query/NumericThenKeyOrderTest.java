package dev.mikrodb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive order agrees with a plain sort by (number, String.compareTo) on keys chosen to trip it up. */
class NumericThenKeyOrderTest {
    private static final String[] PARTS = {"", "a", "b", "\u0000", "\u0001", "\uffff", "\ud83d\ude00", "\uffe0",
        "user-", "0", "9", "zz", "\u00e9"};

    @Test
    void agreesWithAComparatorSortOnRandomKeysAndNumbers() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            int n = random.nextInt(round < 20 ? 5 : 400);
            String prefix = random.nextBoolean() ? "" : "tenant-42/orders/".substring(0, random.nextInt(17));
            List<String> keys = new ArrayList<>();
            while (keys.size() < n) {
                StringBuilder k = new StringBuilder(prefix);
                for (int parts = random.nextInt(8); parts > 0; parts--) {
                    k.append(PARTS[random.nextInt(PARTS.length)]);
                }
                if (!keys.contains(k.toString())) { // keys of one table are distinct
                    keys.add(k.toString());
                }
            }
            long[] numbers = new long[n];
            for (int i = 0; i < n; i++) {
                numbers[i] = switch (random.nextInt(4)) {
                    case 0 -> Long.MAX_VALUE; // null and missing
                    case 1 -> -random.nextInt(3);
                    default -> random.nextInt(3);
                };
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            expected.sort(Comparator.<Integer>comparingLong(i -> numbers[i]).thenComparing(i -> keys.get(i)));
            List<Integer> actual = new ArrayList<>();
            for (int i : NumericThenKeyOrder.of(numbers, keys.toArray(String[]::new))) {
                actual.add(i);
            }
            assertEquals(expected, actual, "seed " + seed + ", round " + round + ", keys " + keys);
        }
    }
}
