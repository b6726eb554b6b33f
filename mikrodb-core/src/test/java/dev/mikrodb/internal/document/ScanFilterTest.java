package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.query.BytesFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A document filter tested on stored bytes (its top-level equalities decided in place, the rest on a projection)
 * answers as the compiled filter does on the parsed document, for random documents whose paths run through objects,
 * arrays of objects, arrays of scalars, fields named like array indexes, nulls and missing fields. Prints the seed on
 * failure.
 */
class ScanFilterTest {
    private static final String[] PATHS = {"a", "b", "n.x", "n.y", "arr.x", "arr", "missing", "n", "arr.1", "arr.1.x",
        "n.1"};
    private Random random;

    @Test
    void bytesAndTreeAgreeOnEveryDocument() throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        random = new Random(seed);
        List<JsonNode> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            docs.add(Json.MAPPER.valueToTree(randomDoc()));
        }
        for (int f = 0; f < 600; f++) {
            Map<String, Object> filter = new LinkedHashMap<>();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                String path = PATHS[random.nextInt(PATHS.length)];
                filter.put(path, random.nextInt(3) == 0 ? operators() : scalar());
            }
            JsonNode filterNode = Json.MAPPER.valueToTree(filter);
            DocumentFilter.Compiled compiled = DocumentFilter.compile(filterNode);
            BytesFilter scan = compiled.scanFilter();
            for (JsonNode doc : docs) {
                boolean expected = compiled.filter().matches(doc);
                for (byte[] stored : new byte[][] {Json.toBytes(doc),
                        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc)}) {
                    if (scan.matchesStored(stored) != expected) {
                        throw new AssertionError("seed " + seed + ": filter " + filterNode + " on "
                                + new String(stored, StandardCharsets.UTF_8) + ": bytes " + !expected + ", tree "
                                + expected);
                    }
                }
            }
        }
    }

    /** One or two of the comparisons scans decide on bytes, now and then with another operator beside them. */
    private Map<String, Object> operators() {
        Map<String, Object> ops = new LinkedHashMap<>();
        String[] names = {"$eq", "$gt", "$gte", "$lt", "$lte", "$ne", "$in"};
        for (int i = 0; i < 1 + random.nextInt(2); i++) {
            String name = names[random.nextInt(names.length)];
            ops.put(name, name.equals("$in") ? inOperand() : scalar());
        }
        return ops;
    }

    /** Zero to three scalars, now and then a null or an array among them (which the bytes leave to the tree). */
    private List<Object> inOperand() {
        List<Object> options = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            int kind = random.nextInt(8);
            options.add(kind == 0 ? null : kind == 1 ? List.of(scalar()) : scalar());
        }
        return options;
    }

    private Object scalar() {
        return switch (random.nextInt(7)) {
            case 0 -> random.nextInt(3);
            case 1 -> random.nextInt(4) == 0 ? -0.0 : random.nextInt(3) + 0.0; // 1.0 equals 1, -0.0 equals 0
            case 2 -> List.of("x", "y", "a\\tb", "a\tb", "\u00e9", "\ud83d\ude00", "\uffe0", "xy").get(
                    random.nextInt(8));
            case 3 -> random.nextBoolean();
            case 4 -> 123456789012345678L + random.nextInt(2);
            case 5 -> 1.5;
            default -> List.of("x", "y").get(random.nextInt(2));
        };
    }

    private Object value(int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0, 1, 2 -> scalar();
            case 3 -> null;
            case 4 -> "1";
            case 5 -> new ArrayList<>(List.of(scalar(), scalar()));
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                if (random.nextBoolean()) {
                    m.put("x", value(depth - 1));
                }
                if (random.nextBoolean()) {
                    m.put("y", value(depth - 1));
                }
                if (random.nextInt(4) == 0) {
                    m.put("1", scalar()); // a field named like an array index
                }
                yield kind == 8 ? (random.nextBoolean() ? List.of(m, Map.of("x", scalar()), scalar())
                        : List.of(m, scalar(), Map.of("x", scalar()))) : m;
            }
        };
    }

    private Map<String, Object> randomDoc() {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (String field : new String[] {"a", "b", "n", "arr"}) {
            if (random.nextInt(5) > 0) {
                doc.put(field, value(2));
            }
        }
        return doc;
    }
}
