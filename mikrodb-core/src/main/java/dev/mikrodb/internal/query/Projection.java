package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of a stored value a query looks at, read straight from the value's JSON bytes: for the paths a filter or
 * sort names ({@code age}, {@code profile.theme}), a sparse object holding just those fields, every other field
 * skipped without being decoded. A JSON filter evaluated on the projection answers exactly as on the whole value,
 * because the filter language only ever resolves the paths it names. Values stay bytes in memory; a query decodes
 * a few fields per item, and nothing of it is kept.
 *
 * <p>A path that crosses an array (a numeric segment such as {@code tags.0}) or reaches a non-object takes the whole
 * value at that point. Stored values never hold a key twice (they are written from parsed trees), so the first
 * occurrence of a field is the only one, and reading an object stops once every wanted field was found.
 */
public final class Projection {
    /** Reads the whole value: for filters and sorts written in Java, which may look anywhere. */
    public static final Projection WHOLE = new Projection(null);

    private final Node root;

    private Projection(Node root) {
        this.root = root;
    }

    /** A trie of wanted paths; {@code whole} means "this value entirely", children are wanted fields. */
    private static final class Node {
        boolean whole;
        final List<String> names = new ArrayList<>();
        final List<Node> children = new ArrayList<>();
        byte[][] nameBytes;
        Node[] childArray;

        Node child(String name) {
            int i = names.indexOf(name);
            if (i >= 0) {
                return children.get(i);
            }
            Node n = new Node();
            names.add(name.intern()); // the same strings as the compiled filter's (QueryPaths.split)
            children.add(n);
            return n;
        }

        void freeze() {
            nameBytes = new byte[names.size()][];
            childArray = children.toArray(Node[]::new);
            for (int i = 0; i < nameBytes.length; i++) {
                nameBytes[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
                childArray[i].freeze();
            }
        }

        int indexOf(byte[] b, int start, int end) {
            for (int i = 0; i < nameBytes.length; i++) {
                if (JsonBytes.stringEquals(b, start, end, nameBytes[i])) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The projection onto {@code paths} (each a dot path split into segments). */
    public static Projection of(List<String[]> paths) {
        Node root = new Node();
        for (String[] path : paths) {
            Node n = root;
            boolean objectOnly = path[path.length - 1].equals(QueryPaths.NESTED);
            for (int i = 0; i < (objectOnly ? path.length - 1 : path.length) && !n.whole; i++) {
                n = n.child(path[i]);
            }
            n.whole |= !objectOnly;
        }
        root.freeze();
        return new Projection(root);
    }

    /** The projection a JSON filter and sort need (either may be null); {@link #WHOLE} if one is not JSON. */
    public static Projection forQuery(JsonNode filterJson, boolean javaFilter, JsonNode sortJson, boolean javaSort) {
        if (javaFilter || javaSort) {
            return WHOLE;
        }
        List<String[]> paths = new ArrayList<>();
        if (filterJson != null) {
            QueryPaths.ofFilter(filterJson, "", paths);
        }
        if (sortJson != null) {
            QueryPaths.ofSort(sortJson, paths);
        }
        return of(paths);
    }

    /** The value's projection: what the query needs of it, as a tree. */
    public JsonNode apply(byte[] json) {
        if (root == null) {
            return Json.parse(json);
        }
        int i = JsonBytes.skipWhitespace(json, 0);
        if (root.whole || i >= json.length || json[i] != '{') {
            return Json.parse(json); // not an object: paths can only index into it whole
        }
        return object(json, i, root);
    }

    /** Reads the object at {@code i} keeping the fields {@code node} wants. */
    private static ObjectNode object(byte[] b, int i, Node node) {
        Map<String, JsonNode> fields = new FieldMap(node.childArray.length);
        int wanted = node.childArray.length;
        int found = 0;
        i++; // past '{'
        while (found < wanted) {
            i = JsonBytes.skipWhitespace(b, i);
            if (i >= b.length) {
                throw JsonBytes.damaged(b, i);
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] == ',') {
                i = JsonBytes.skipWhitespace(b, i + 1);
            }
            int nameEnd = JsonBytes.skipStringNotingEscapes(b, i);
            int which;
            if (nameEnd < 0) { // an escaped name: compare its text
                nameEnd = ~nameEnd;
                which = node.names.indexOf(JsonBytes.text(b, i, nameEnd));
            } else {
                which = node.indexOf(b, i, nameEnd);
            }
            int v = JsonBytes.skipWhitespace(b, nameEnd);
            if (v >= b.length || b[v] != ':') {
                throw JsonBytes.damaged(b, v);
            }
            v = JsonBytes.skipWhitespace(b, v + 1);
            int vEnd = JsonBytes.skipValue(b, v);
            if (which >= 0) {
                Node child = node.childArray[which];
                JsonNode value = !child.whole && b[v] == '{' ? object(b, v, child) : JsonBytes.read(b, v, vEnd);
                fields.put(node.names.get(which), value);
                found++;
            }
            i = vEnd;
        }
        return new ObjectNode(JsonNodeFactory.instance, fields);
    }
}
