package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compiles a sort spec such as {@code {"age": -1, "name": 1}} into a comparator over values. Keys apply in order.
 * Within a key: values of one kind compare naturally, reversed for -1; kinds rank numbers, strings, booleans, then
 * arrays and objects (equal to each other); missing and null values come last whatever the direction.
 */
public final class SortCompiler {
    private SortCompiler() {
    }

    public static Comparator<JsonNode> compile(JsonNode spec) {
        if (spec == null || !spec.isObject() || spec.isEmpty()) {
            throw new ValidationException("sort must be a non-empty object of field: 1 or -1; got "
                    + FilterCompiler.describe(spec));
        }
        List<Comparator<JsonNode>> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode dir = f.getValue();
            if (!dir.isIntegralNumber() || (dir.intValue() != 1 && dir.intValue() != -1)) {
                throw new ValidationException("sort field '" + f.getKey() + "' must be 1 (ascending) or -1 "
                        + "(descending); got " + dir);
            }
            keys.add(byPath(QueryPaths.split(f.getKey()), dir.intValue() == -1));
        }
        Comparator<JsonNode> result = keys.get(0);
        for (int i = 1; i < keys.size(); i++) {
            result = result.thenComparing(keys.get(i));
        }
        return result;
    }

    private static Comparator<JsonNode> byPath(String[] path, boolean descending) {
        return (a, b) -> {
            JsonNode x = JsonValues.resolve(a, path);
            JsonNode y = JsonValues.resolve(b, path);
            int rx = rank(x);
            int ry = rank(y);
            if (rx != ry) {
                return Integer.compare(rx, ry);
            }
            int c = switch (rx) {
                case 0 -> JsonValues.compareNumbers(x, y);
                case 1 -> x.textValue().compareTo(y.textValue());
                case 2 -> Boolean.compare(x.booleanValue(), y.booleanValue());
                default -> 0;
            };
            return descending ? -c : c;
        };
    }

    private static int rank(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 4;
        }
        if (n.isNumber()) {
            return 0;
        }
        if (n.isTextual()) {
            return 1;
        }
        if (n.isBoolean()) {
            return 2;
        }
        return 3;
    }
}
