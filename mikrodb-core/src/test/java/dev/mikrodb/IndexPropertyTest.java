package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results are identical with and without indexes: random data (scalars of every type, arrays, missing fields),
 * random filters in both languages, random sets of indexes (single, compound, descending, sparse, multikey), and
 * writes, deletes and index changes in between. Prints the seed on failure; rerun with -Dmikrodb.test.seed=N.
 */
class IndexPropertyTest {
    private static final String[] FIELDS = {"a", "b", "c.d", "tags"};
    @TempDir
    Path dir;
    private Random random;

    @Test
    void indexedAndScannedQueriesAgree() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        random = new Random(seed);
        try (MikroDB db = MikroDB.open(dir)) {
            DocumentCollection indexed = db.database("p").collection("indexed");
            DocumentCollection plain = db.database("p").collection("plain");
            for (int i = 0; i < 300; i++) {
                Map<String, Object> d = doc(i);
                indexed.insertOne(d);
                plain.insertOne(d);
            }
            createRandomIndexes(db, indexed);
            for (int round = 0; round < 400; round++) {
                if (round % 50 == 25) {
                    for (IndexInfo i : indexed.indexes()) {
                        indexed.dropIndex(i.spec().name());
                    }
                    createRandomIndexes(db, indexed);
                }
                if (random.nextInt(4) == 0) {
                    int i = random.nextInt(320);
                    Map<String, Object> d = doc(i);
                    String filter = "{\"_id\": \"" + d.get("_id") + "\"}";
                    if (random.nextInt(4) == 0) {
                        indexed.deleteOne(filter);
                        plain.deleteOne(filter);
                    } else {
                        indexed.replaceOne(filter, d, UpdateOptions.UPSERT);
                        plain.replaceOne(filter, d, UpdateOptions.UPSERT);
                    }
                }
                JsonNode mongo = Json.MAPPER.valueToTree(mongoFilter());
                assertEquals(ids(plain.find(mongo)), ids(indexed.find(mongo)), "seed " + seed + ": " + mongo
                        + " with indexes " + indexed.indexes());
                JsonNode mikro = Json.MAPPER.valueToTree(mikroFilter());
                Query q = Query.builder().filter(mikro).build();
                var kv = db.inDatabase("p");
                assertEquals(keys(kv.query("plain", q)), keys(kv.query("indexed", q)), "seed " + seed + ": " + mikro
                        + " with indexes " + indexed.indexes());
            }
            Explained e = db.inDatabase("p").explain("indexed", Query.builder().filter("{\"a\": 1}").build());
            assertEquals(e.results().size(), e.plan().returned());
        }
    }

    private void createRandomIndexes(MikroDB db, DocumentCollection c) {
        for (int n = 0, count = 1 + random.nextInt(3); n < count; n++) {
            List<IndexSpec.Field> fields = new ArrayList<>();
            fields.add(new IndexSpec.Field(FIELDS[random.nextInt(FIELDS.length)], random.nextBoolean()));
            if (random.nextInt(3) == 0) {
                String second = FIELDS[random.nextInt(FIELDS.length)];
                if (!second.equals(fields.get(0).path()) && !second.equals("tags")
                        && !fields.get(0).path().equals("tags")) {
                    fields.add(new IndexSpec.Field(second, random.nextBoolean()));
                }
            }
            try {
                c.createIndex(new IndexSpec(null, fields, false, random.nextBoolean()));
            } catch (ValidationException sameFields) {
                // an index on these fields exists already
            }
        }
    }

    private Object scalar() {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt(5);
            case 1 -> random.nextInt(5) + 0.5;
            case 2 -> List.of("a", "ab", "b", "1", "").get(random.nextInt(5));
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> random.nextInt(6) == 0 ? -0.0 : (double) random.nextInt(5); // -0.0 equals 0
            case 6 -> (long) random.nextInt(5) + 10_000_000_000L;
            default -> random.nextInt(5) - 2;
        };
    }

    private Map<String, Object> doc(int i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("_id", String.format("%04d", i));
        if (random.nextInt(6) > 0) {
            d.put("a", scalar());
        }
        if (random.nextInt(6) > 0) {
            d.put("b", scalar());
        }
        if (random.nextInt(3) > 0) {
            Map<String, Object> c = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                c.put("d", scalar());
            }
            d.put("c", c);
        }
        if (random.nextInt(3) > 0) {
            List<Object> tags = new ArrayList<>();
            for (int k = 0, n = random.nextInt(4); k < n; k++) {
                tags.add(scalar());
            }
            d.put("tags", random.nextInt(6) == 0 ? scalar() : tags);
        }
        return d;
    }

    private Map<String, Object> mongoFilter() {
        Map<String, Object> f = new LinkedHashMap<>();
        String path = FIELDS[random.nextInt(FIELDS.length)];
        Object v = scalar();
        switch (random.nextInt(7)) {
            case 0 -> f.put(path, v);
            case 1 -> f.put(path, Map.of("$eq", v == null ? 1 : v));
            case 2 -> f.put(path, Map.of("$in", java.util.Arrays.asList(scalar(), scalar())));
            case 3 -> f.put(path, Map.of(List.of("$gt", "$gte", "$lt", "$lte").get(random.nextInt(4)),
                    random.nextBoolean() ? random.nextInt(5) : "ab"));
            case 4 -> f.put(path, Map.of("$gte", 1, "$lt", 3));
            case 5 -> f.put(path, Map.of("$regex", "^a"));
            default -> f.put("$and", List.of(Map.of(path, Map.of("$gt", 0)), Map.of("b", Map.of("$lte", 3))));
        }
        if (random.nextInt(3) == 0) {
            f.put(FIELDS[random.nextInt(FIELDS.length)] + (random.nextBoolean() ? "" : ".x"), scalar());
        }
        return f;
    }

    private Map<String, Object> mikroFilter() {
        Map<String, Object> f = new LinkedHashMap<>();
        String path = FIELDS[random.nextInt(FIELDS.length)];
        Object v = scalar();
        switch (random.nextInt(6)) {
            case 0 -> f.put(path, v == null ? 0 : v);
            case 1 -> f.put(path, Map.of("operator", "eq", "value", v == null ? "a" : v));
            case 2 -> f.put(path, Map.of("operator", "in", "value", List.of(1, "a", 2.5)));
            case 3 -> f.put(path, Map.of("operator", List.of("gt", "gte", "lt", "lte").get(random.nextInt(4)),
                    "value", random.nextBoolean() ? random.nextInt(5) : "ab"));
            case 4 -> f.put(path, Map.of("operator", "between", "value", List.of(1, 3)));
            default -> f.put(path, Map.of("operator", "regex", "value", "^a"));
        }
        return f;
    }

    private static List<String> ids(List<JsonNode> docs) {
        TreeMap<String, Boolean> ids = new TreeMap<>();
        docs.forEach(d -> ids.put(d.get("_id").asText(), true));
        return new ArrayList<>(ids.keySet());
    }

    private static List<String> keys(List<Item> items) {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        items.forEach(i -> keys.put(i.key(), true));
        return new ArrayList<>(keys.keySet());
    }
}
