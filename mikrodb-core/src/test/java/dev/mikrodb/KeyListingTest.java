package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing keys in UTF-8 order with prefixes, ranges, pages and signed cursors. */
class KeyListingTest {
    @TempDir
    Path dir;

    private static List<String> keys(KeyList page) {
        return page.keys().stream().map(KeyList.Key::key).toList();
    }

    @Test
    void prefixRangeLimitReverseAndPaging() {
        var clock = new dev.mikrodb.testing.MutableClock(1_700_000_000_000L);
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).clock(clock).build())) {
            for (String k : new String[] {"user:3", "user:1", "user:10", "team:1", "user:2", "users", "a", "z"}) {
                db.write("t", k, 1);
            }
            db.write(WriteRequest.builder("t", "user:9").value(1).ttl(Duration.ofHours(1)).build());
            db.write(WriteRequest.builder("t", "user:8").value(1).ttl(Duration.ofMinutes(1)).build());
            clock.advance(120_000); // user:8 has expired: listings never show it
            assertEquals(List.of("a", "team:1", "user:1", "user:10", "user:2", "user:3", "user:9", "users", "z"),
                    keys(db.list("t", ListOptions.ALL)));
            assertEquals(List.of("user:1", "user:10", "user:2", "user:3", "user:9"),
                    keys(db.list("t", ListOptions.ALL.prefix("user:"))));
            assertEquals(List.of("user:3", "user:2", "user:10", "user:1"),
                    keys(db.list("t", ListOptions.ALL.prefix("user:").range("user:1", "user:9").reversed())));
            KeyList first = db.list("t", ListOptions.ALL.prefix("user:").limit(2));
            assertEquals(List.of("user:1", "user:10"), keys(first));
            assertFalse(first.listComplete());
            KeyList second = db.list("t", ListOptions.ALL.prefix("user:").limit(2).after(first.cursor()));
            assertEquals(List.of("user:2", "user:3"), keys(second));
            KeyList third = db.list("t", ListOptions.ALL.prefix("user:").limit(2).after(second.cursor()));
            assertEquals(List.of("user:9"), keys(third));
            assertTrue(third.listComplete());
            assertNull(third.cursor());
            assertEquals(1, db.list("t", ListOptions.ALL.prefix("a")).keys().get(0).version());
            assertTrue(db.list("nosuch", ListOptions.ALL).listComplete());
            // UTF-8 order puts supplementary characters after every other BMP character
            db.write("u", "\uffff", 1);
            db.write("u", "\ud83d\ude00", 1);
            db.write("u", "\u00e9", 1);
            assertEquals(List.of("\u00e9", "\uffff", "\ud83d\ude00"), keys(db.list("u", ListOptions.ALL)));
        }
    }

    @Test
    void aTamperedOrForeignCursorIsRefused() {
        try (MikroDB db = MikroDB.open(dir)) {
            for (int i = 0; i < 10; i++) {
                db.write("t", "k" + i, i);
                db.write("other", "k" + i, i);
            }
            String cursor = db.list("t", ListOptions.ALL.limit(3)).cursor();
            String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("A") ? "BB" : "AA");
            ValidationException e = assertThrows(ValidationException.class,
                    () -> db.list("t", ListOptions.ALL.limit(3).after(tampered)));
            assertTrue(e.getMessage().contains("cursor"), e.getMessage());
            // the MAC's 16 bytes end in a character with four unused bits: changing only those must not pass
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            char last = cursor.charAt(cursor.length() - 1);
            String unusedBits = cursor.substring(0, cursor.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
            assertThrows(ValidationException.class, () -> db.list("t", ListOptions.ALL.limit(3).after(unusedBits)));
            assertThrows(ValidationException.class, () -> db.list("other", ListOptions.ALL.limit(3).after(cursor)));
            assertThrows(ValidationException.class, () -> db.list("t", ListOptions.ALL.prefix("k").limit(3)
                    .after(cursor)));
            assertThrows(ValidationException.class, () -> db.list("t", ListOptions.ALL.after("garbage")));
        }
        try (MikroDB db = MikroDB.open(dir)) {
            String cursor = db.list("t", ListOptions.ALL.limit(3)).cursor();
            assertEquals(List.of("k3", "k4", "k5"), keys(db.list("t", ListOptions.ALL.limit(3).after(cursor))));
        }
    }

    /** Every key that stays unchanged during a paged listing comes exactly once, whatever else changes. */
    @Test
    void pagingWhileOtherKeysChangeReturnsEveryStableKeyOnce() {
        Random random = new Random(7);
        try (MikroDB db = MikroDB.open(dir)) {
            Set<String> stable = new TreeSet<>();
            for (int i = 0; i < 2_000; i++) {
                String k = String.format("k%05d", i);
                db.write("t", k, i);
                if (i % 2 == 0) {
                    stable.add(k);
                }
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                KeyList page = db.list("t", new ListOptions(null, null, null, 97, cursor, false));
                seen.addAll(keys(page));
                cursor = page.cursor();
                for (int j = 0; j < 20; j++) { // churn the odd keys, and add and remove others
                    int i = random.nextInt(2_000) | 1;
                    String k = String.format("k%05d", i);
                    if (random.nextBoolean()) {
                        db.delete("t", k);
                    } else {
                        db.write("t", k, -1);
                    }
                    db.write("t", "x" + random.nextInt(100), 0);
                }
            } while (cursor != null);
            Set<String> once = new HashSet<>();
            for (String k : seen) {
                assertTrue(once.add(k), "key " + k + " listed twice");
            }
            assertTrue(once.containsAll(stable), "every stable key listed");
            List<String> sorted = new ArrayList<>(seen);
            sorted.sort(null);
            assertEquals(sorted, seen, "in order");
        }
    }

    @Test
    void everyCombinationOfPrefixRangeDirectionAndPageSizeListsWhatAModelDoes() {
        Random random = new Random(11);
        String[] parts = {"a", "b", "ab", "\u00e9", "\uffff", "\ud83d\ude00", "\udbff\udfff", ":", "1", "10"};
        // the model orders by the bytes themselves, not through the product's KeyOrder, so it can disagree with it
        Comparator<String> utf8 = (x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8));
        TreeSet<String> model = new TreeSet<>(utf8);
        try (MikroDB db = MikroDB.open(dir)) {
            while (model.size() < 400) {
                String k = word(random, parts, 1 + random.nextInt(4));
                model.add(k);
                db.write("t", k, 1);
            }
            for (int round = 0; round < 300; round++) {
                String prefix = random.nextInt(3) == 0 ? word(random, parts, 1) : null;
                String start = random.nextBoolean() ? word(random, parts, 1 + random.nextInt(3)) : null;
                String end = random.nextBoolean() ? word(random, parts, 1 + random.nextInt(3)) : null;
                boolean reverse = random.nextBoolean();
                int limit = 1 + random.nextInt(60);
                List<String> expected = new ArrayList<>();
                for (String k : reverse ? model.descendingSet() : model) {
                    if ((prefix == null || k.startsWith(prefix)) && (start == null || utf8.compare(k, start) >= 0)
                            && (end == null || utf8.compare(k, end) < 0)) {
                        expected.add(k);
                    }
                }
                List<String> listed = new ArrayList<>();
                String cursor = null;
                do {
                    KeyList page = db.list("t", new ListOptions(prefix, start, end, limit, cursor, reverse));
                    listed.addAll(keys(page));
                    cursor = page.cursor();
                } while (cursor != null);
                assertEquals(expected, listed, "prefix " + prefix + ", start " + start + ", end " + end + ", "
                        + (reverse ? "descending" : "ascending") + ", pages of " + limit);
            }
        }
    }

    private static String word(Random random, String[] parts, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(parts[random.nextInt(parts.length)]);
        }
        return b.toString();
    }
}
