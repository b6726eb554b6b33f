package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The sort key of a document under a sort pattern, as MongoDB builds it (its sort_dotted_paths.js): the best of the
 * key tuples the document holds, best meaning first in the pattern's own order. An array is unwound one level, so
 * {@code {a: [1, 5]}} holds 1 and 5 and sorts by 1 ascending, by 5 descending; an empty array at the end of a path
 * counts as {@link BsonOrder#UNDEFINED} (below null); an object of an array without the field, a scalar in the way or
 * an empty array on the way counts as null. Fields under one array are taken element by element, as a compound
 * index takes them: {@code {"a.c": 1, "a.b": 1}} over {@code a: [{c: 1, b: 4}, {c: 2, b: 1}]} is (1, 4), not (1, 1).
 * A numeric segment picks that element of an array, which is then taken whole; such a field is keyed on its own.
 */
final class SortKeys {
    private final List<String[]> paths;
    private final boolean[] descending;
    private final int[] correlated;
    private final int[] positional;

    SortKeys(List<String[]> paths, boolean[] descending) {
        this.paths = paths;
        this.descending = descending;
        List<Integer> plain = new ArrayList<>();
        List<Integer> indexed = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            (hasIndexSegment(paths.get(i)) ? indexed : plain).add(i);
        }
        this.correlated = plain.stream().mapToInt(Integer::intValue).toArray();
        this.positional = indexed.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The document's key: one value per field of the pattern. */
    JsonNode[] of(JsonNode doc) {
        JsonNode[] key = correlated.length == 0 ? new JsonNode[paths.size()] : best(doc, correlated, 0, false);
        for (int f : positional) {
            key[f] = best(doc, new int[] {f}, 0, false)[f];
        }
        return key;
    }

    /** Orders two keys by the pattern: field by field, each in its direction. */
    int compare(JsonNode[] a, JsonNode[] b) {
        for (int f = 0; f < paths.size(); f++) {
            int c = better(a[f], b[f], f);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Negative when {@code a} comes first in field {@code f}'s direction. */
    private int better(JsonNode a, JsonNode b, int f) {
        int c = BsonOrder.compare(a, b);
        return descending[f] ? -c : c;
    }

    /**
     * The best tuple over {@code fields} (their slots filled, others null) {@code node} holds at {@code depth}.
     * {@code whole}: the node is an element of an array being unwound, or was picked by a numeric segment, so it is
     * not unwound again. A numeric segment only ever comes with a field keyed on its own.
     */
    private JsonNode[] best(JsonNode node, int[] fields, int depth, boolean whole) {
        if (node.isArray() && !whole && !indexAt(fields, depth)) {
            if (node.isEmpty()) {
                JsonNode[] key = new JsonNode[paths.size()];
                for (int f : fields) {
                    key[f] = paths.get(f).length == depth ? BsonOrder.UNDEFINED : NullNode.getInstance();
                }
                return key;
            }
            JsonNode[] chosen = null;
            for (JsonNode e : node) {
                JsonNode[] candidate = best(e, fields, depth, true);
                if (chosen == null || compareOver(candidate, chosen, fields) < 0) {
                    chosen = candidate;
                }
            }
            return chosen;
        }
        JsonNode[] key = new JsonNode[paths.size()];
        boolean[] done = new boolean[paths.size()];
        for (int f : fields) {
            if (done[f]) {
                continue;
            }
            String[] path = paths.get(f);
            if (path.length == depth) {
                key[f] = node;
                done[f] = true;
                continue;
            }
            int[] group = sameSegment(fields, depth, path[depth], done);
            int index = PathValues.arrayIndex(path[depth]);
            JsonNode child = node.isObject() ? node.get(path[depth])
                    : node.isArray() && index >= 0 ? node.get(index) : null;
            if (child == null) {
                for (int g : group) {
                    key[g] = NullNode.getInstance();
                }
            } else {
                JsonNode[] sub = best(child, group, depth + 1, node.isArray());
                for (int g : group) {
                    key[g] = sub[g];
                }
            }
        }
        return key;
    }

    /** The fields not yet done whose segment at {@code depth} is {@code segment}; marks them done. */
    private int[] sameSegment(int[] fields, int depth, String segment, boolean[] done) {
        List<Integer> group = new ArrayList<>();
        for (int f : fields) {
            String[] p = paths.get(f);
            if (!done[f] && p.length > depth && p[depth].equals(segment)) {
                group.add(f);
                done[f] = true;
            }
        }
        return group.stream().mapToInt(Integer::intValue).toArray();
    }

    private int compareOver(JsonNode[] a, JsonNode[] b, int[] fields) {
        for (int f : fields) { // ascending field order: the pattern's order
            int c = better(a[f], b[f], f);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Whether the one field being keyed names an array element at {@code depth} (a numeric segment). */
    private boolean indexAt(int[] fields, int depth) {
        String[] path = paths.get(fields[0]);
        return fields.length == 1 && path.length > depth && PathValues.arrayIndex(path[depth]) >= 0;
    }

    private static boolean hasIndexSegment(String[] path) {
        for (String s : path) {
            if (PathValues.arrayIndex(s) >= 0) {
                return true;
            }
        }
        return false;
    }
}
