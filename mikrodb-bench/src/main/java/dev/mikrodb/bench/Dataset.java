package dev.mikrodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The documents every engine stores: about 200 bytes of JSON each, with fields the query benchmarks filter on. */
public final class Dataset {
    private static final String[] COUNTRIES = {"US", "CA", "UK", "DE", "FR"};

    private Dataset() {
    }

    public static String key(int i) {
        return "user-" + String.format("%07d", i);
    }

    public static byte[] value(int i, int revision) {
        String json = "{\"id\":" + i + ",\"name\":\"User " + i + "\",\"email\":\"user" + i + "@example.com\",\"age\":"
                + age(i) + ",\"active\":" + active(i) + ",\"country\":\"" + COUNTRIES[i % 5] + "\",\"tags\":[\"t"
                + (i % 10) + "\",\"t" + (i % 7) + "\"],\"revision\":" + revision
                + ",\"bio\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static int age(int i) {
        return 18 + (i * 7) % 60;
    }

    static boolean active(int i) {
        return i % 3 != 0;
    }

    /** The query of the filter benchmarks, for engines that evaluate it in Java. */
    static boolean matches(JsonNode v) {
        return v.path("age").asInt() >= 40 && v.path("active").asBoolean();
    }

    /** The filter query as a key-value store's user writes it: parse every value, keep the matches. */
    static List<JsonNode> scanFilter(Iterable<byte[]> values) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] v : values) {
            JsonNode node = BenchJson.parse(v);
            if (matches(node)) {
                out.add(node);
            }
        }
        return out;
    }

    /** {@link #scanFilter} sorted by age, oldest first. */
    static List<JsonNode> scanFilterSorted(Iterable<byte[]> values) {
        List<JsonNode> out = scanFilter(values);
        out.sort(java.util.Comparator.comparingInt(n -> n.get("age").asInt()));
        return out;
    }

    static final String FILTER_JSON = "{\"age\": {\"operator\": \"gte\", \"value\": 40}, \"active\": true}";
}
