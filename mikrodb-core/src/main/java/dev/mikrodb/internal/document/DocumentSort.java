package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A MongoDB sort document ({@code {"age": -1, "name": 1}}) as a comparator over documents: keys in order, values in
 * {@link BsonOrder} (type bracketing, then value), a missing field as null (first ascending). An array field sorts by
 * its smallest element ascending and its largest descending, as in MongoDB.
 */
public record DocumentSort(Comparator<JsonNode> comparator, List<String[]> paths) {

    public static DocumentSort compile(JsonNode spec) {
        if (spec == null || !spec.isObject() || spec.isEmpty()) {
            throw new ValidationException("sort must be a non-empty object of field: 1 or -1; got "
                    + Describe.of(spec));
        }
        List<Comparator<JsonNode>> keys = new ArrayList<>();
        List<String[]> paths = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode dir = f.getValue();
            if (!dir.isNumber() || (dir.doubleValue() != 1 && dir.doubleValue() != -1)) {
                throw new ValidationException("sort field '" + f.getKey() + "' must be 1 (ascending) or -1 "
                        + "(descending); got " + Describe.of(dir));
            }
            String[] path = DocumentFilter.splitPath(f.getKey());
            paths.add(path);
            boolean descending = dir.doubleValue() < 0;
            keys.add((a, b) -> {
                int c = BsonOrder.compare(sortValue(a, path, descending), sortValue(b, path, descending));
                return descending ? -c : c;
            });
        }
        Comparator<JsonNode> all = keys.get(0);
        for (int i = 1; i < keys.size(); i++) {
            all = all.thenComparing(keys.get(i));
        }
        return new DocumentSort(all, List.copyOf(paths));
    }

    /** The value a document sorts by: the smallest (ascending) or largest (descending) reached, arrays unwound. */
    static JsonNode sortValue(JsonNode doc, String[] path, boolean descending) {
        PathValues values = PathValues.of(doc, path);
        JsonNode best = null;
        for (JsonNode v : values.values) {
            if (v.isArray()) {
                for (JsonNode e : v) {
                    best = better(best, e, descending);
                }
            } else {
                best = better(best, v, descending);
            }
        }
        return best == null ? NullNode.getInstance() : best;
    }

    private static JsonNode better(JsonNode best, JsonNode candidate, boolean descending) {
        if (best == null) {
            return candidate;
        }
        int c = BsonOrder.compare(candidate, best);
        return (descending ? c > 0 : c < 0) ? candidate : best;
    }
}
