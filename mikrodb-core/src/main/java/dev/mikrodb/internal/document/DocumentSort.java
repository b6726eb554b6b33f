package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A MongoDB sort document ({@code {"age": -1, "name": 1}}) as a comparator over documents: keys in order, values in
 * {@link BsonOrder} (type bracketing, then value), a missing field as null (first ascending, after only an empty
 * array). An array field sorts by its smallest element ascending and its largest descending, as in MongoDB;
 * {@link SortKeys} builds the keys.
 */
public record DocumentSort(Comparator<JsonNode> comparator, List<String[]> paths) {

    public static DocumentSort compile(JsonNode spec) {
        if (spec == null || !spec.isObject() || spec.isEmpty()) {
            throw new ValidationException("sort must be a non-empty object of field: 1 or -1; got "
                    + Describe.of(spec));
        }
        List<String[]> paths = new ArrayList<>();
        boolean[] descending = new boolean[spec.size()];
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode dir = f.getValue();
            if (!dir.isNumber() || (dir.doubleValue() != 1 && dir.doubleValue() != -1)) {
                throw new ValidationException("sort field '" + f.getKey() + "' must be 1 (ascending) or -1 "
                        + "(descending); got " + Describe.of(dir));
            }
            descending[paths.size()] = dir.doubleValue() < 0;
            paths.add(DocumentFilter.splitPath(f.getKey()));
        }
        SortKeys keys = new SortKeys(List.copyOf(paths), descending);
        return new DocumentSort((a, b) -> keys.compare(keys.of(a), keys.of(b)), List.copyOf(paths));
    }
}
