package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The field paths a JSON filter or sort spec reads, mirroring how {@link FilterCompiler} and {@link SortCompiler}
 * resolve them. Called on specs that already compiled, so it does not validate.
 */
final class QueryPaths {
    private QueryPaths() {
    }

    static void ofFilter(JsonNode filter, String prefix, List<String[]> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode condition = field.getValue();
            if (field.getKey().equals("$or")) {
                for (JsonNode alternative : condition) {
                    ofFilter(alternative, prefix, out);
                }
                continue;
            }
            String path = prefix + field.getKey();
            if (condition.isObject() && !condition.has("operator")) {
                out.add(nested(path)); // a nested filter: the object itself (it must be one), then its fields
                ofFilter(condition, path + ".", out);
            } else {
                out.add(split(path));
            }
        }
    }

    static void ofSort(JsonNode sort, List<String[]> out) {
        Iterator<String> names = sort.fieldNames();
        while (names.hasNext()) {
            out.add(split(names.next()));
        }
    }

    /**
     * A path whose value is only checked for being an object; marked by an empty last segment, which no real field
     * path has, so the projection keeps the object without any of its fields unless others are asked for.
     */
    private static String[] nested(String path) {
        String[] segments = split(path);
        String[] marked = new String[segments.length + 1];
        System.arraycopy(segments, 0, marked, 0, segments.length);
        marked[segments.length] = NESTED;
        return marked;
    }

    static final String NESTED = "";

    /**
     * A dot path's segments, interned: a filter compiled from them and the projection it reads then hold the very
     * same strings, so looking a field up in a projected value is a reference compare (once per item examined).
     */
    static String[] split(String path) {
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            segments[i] = segments[i].intern();
        }
        return segments;
    }
}
