package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.query.NumericSortKey;
import dev.mikrodb.internal.query.SortCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-field JSON sorts order matches by a number read from the stored bytes when every value allows it, and by the
 * comparator otherwise: either way, exactly as the compiled comparator given as a Java sort does.
 */
class SortKeyTest {
    @TempDir
    Path dir;

    private static long key(String spec, String stored) {
        return NumericSortKey.of(Json.parse(spec.getBytes(StandardCharsets.UTF_8)))
                .key(stored.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void onlyShortIntegersNullAndMissingHaveANumericKey() {
        assertEquals(-7, key("{\"a\": 1}", "{\"b\": 1, \"a\": -7}"));
        assertEquals(7, key("{\"a\": -1}", "{\"a\": -7}"));
        assertEquals(Long.MAX_VALUE, key("{\"a\": -1}", "{\"a\": null}"), "null comes last either way");
        assertEquals(Long.MAX_VALUE, key("{\"a\": 1}", "{\"b\": 3}"), "missing comes last either way");
        assertEquals(-999999999999999999L, key("{\"a.0\": 1}", "{\"a\": [-999999999999999999]}"));
        for (String other : new String[] {"1.5", "1e3", "1234567890123456789", "\"x\"", "true", "[1]", "{}"}) {
            assertEquals(NumericSortKey.NONE, key("{\"a\": 1}", "{\"a\": " + other + "}"), other);
        }
        assertEquals(null, NumericSortKey.of(Json.parse("{\"a\": 1, \"b\": 1}".getBytes(StandardCharsets.UTF_8))));
    }

    /** A scan's thread reads all its matches' keys through one reader, which reuses its span array. */
    @Test
    void oneReaderGivesEachValueItsOwnKeyWhateverCameBefore() {
        java.util.function.ToLongFunction<byte[]> reader =
                NumericSortKey.of(Json.parse("{\"a\": 1}".getBytes(StandardCharsets.UTF_8))).reader();
        String[] values = {"{\"a\": 5}", "{\"b\": 1}", "{\"z\": 0, \"a\": 9}", "{\"a\": \"x\"}", "[]", "{\"a\": -3}"};
        for (int round = 0; round < 2; round++) {
            for (String v : values) {
                assertEquals(key("{\"a\": 1}", v), reader.applyAsLong(v.getBytes(StandardCharsets.UTF_8)), v);
            }
        }
    }

    @Test
    void jsonSortsAgreeWithTheComparatorOnEveryMixOfValues() {
        Random random = new Random(42);
        try (MikroDB db = MikroDB.open(dir)) {
            // Sequential (small) and parallel (over 20,000 items) scans; numbers only, then one table with a string.
            for (int items : new int[] {300, 25_000}) {
                for (boolean mixed : new boolean[] {false, true}) {
                    String table = "t" + items + mixed;
                    List<WriteRequest> batch = new ArrayList<>();
                    for (int i = 0; i < items; i++) {
                        String n = switch (random.nextInt(mixed ? 7 : 5)) {
                            case 0 -> "null";
                            case 1 -> null; // missing
                            case 2 -> Long.toString(-random.nextInt(50));
                            case 3 -> Long.toString(999_999_999_999_999_990L + random.nextInt(9));
                            case 4 -> Integer.toString(random.nextInt(50));
                            case 5 -> random.nextInt(50) + ".5";
                            default -> "\"s" + random.nextInt(9) + "\"";
                        };
                        String value = n == null ? "{\"x\": 1}" : "{\"x\": 1, \"n\": " + n + "}";
                        batch.add(WriteRequest.of(table, "k" + i, RawJson.of(value)));
                    }
                    db.writeBatch(batch);
                    for (String spec : new String[] {"{\"n\": 1}", "{\"n\": -1}"}) {
                        JsonNode parsed = Json.parse(spec.getBytes(StandardCharsets.UTF_8));
                        List<String> byJson = keys(db.query(table, Query.builder().sort(spec)
                                .filter("{\"x\": 1}").build()));
                        List<String> byComparator = keys(db.query(table, Query.builder()
                                .sort(SortCompiler.compile(parsed)).build()));
                        assertEquals(byComparator, byJson, table + " " + spec);
                        assertEquals(items, byJson.size());
                    }
                }
            }
        }
    }

    private static List<String> keys(List<Item> items) {
        return items.stream().map(Item::key).toList();
    }
}
