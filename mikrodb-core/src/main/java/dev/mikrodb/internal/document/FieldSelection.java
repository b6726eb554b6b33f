package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A find projection, as in MongoDB: inclusion ({@code {"name": 1, "address.city": 1}}, only those fields) or
 * exclusion ({@code {"password": 0}}, all but those), {@code _id} included unless excluded, paths into arrays of
 * objects applied to each element. Mixing inclusion and exclusion (other than of {@code _id}) and a path beside its
 * own parent ({@code a} and {@code a.b}) are errors.
 */
public final class FieldSelection {
    /** A trie of selected paths; a leaf is a selected field. */
    private static final class Node {
        final Map<String, Node> children = new LinkedHashMap<>();
        boolean leaf;
    }

    private final Node root;
    private final boolean inclusion;
    private final boolean includeId;

    private FieldSelection(Node root, boolean inclusion, boolean includeId) {
        this.root = root;
        this.inclusion = inclusion;
        this.includeId = includeId;
    }

    /** Compiles a projection; null or {@code {}} keeps whole documents (returns null). */
    public static FieldSelection compile(JsonNode spec) {
        if (spec == null || spec.isNull() || spec.isMissingNode() || (spec.isObject() && spec.isEmpty())) {
            return null;
        }
        if (!spec.isObject()) {
            throw new ValidationException("projection must be a JSON object of field: 1 or 0; got "
                    + Describe.of(spec));
        }
        Boolean inclusion = null;
        boolean includeId = true;
        List<String> paths = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = spec.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            boolean include = include(f.getKey(), f.getValue());
            if (f.getKey().equals("_id")) {
                includeId = include;
                continue;
            }
            if (inclusion != null && inclusion != include) {
                throw new ValidationException("projection mixes inclusion and exclusion ('" + f.getKey()
                        + "'); only _id may be excluded in an inclusion projection");
            }
            inclusion = include;
            paths.add(f.getKey());
        }
        Node root = new Node();
        for (String p : paths) {
            Node n = root;
            String[] segments = DocumentFilter.splitPath(p);
            for (int i = 0; i < segments.length; i++) {
                if (n.leaf) {
                    throw collision(p);
                }
                n = n.children.computeIfAbsent(segments[i], s -> new Node());
            }
            if (n.leaf || !n.children.isEmpty()) {
                throw collision(p);
            }
            n.leaf = true;
        }
        return new FieldSelection(root, inclusion == null ? includeId : inclusion, includeId); // _id alone: 1 keeps only it
    }

    private static ValidationException collision(String path) {
        return new ValidationException("projection path '" + path + "' collides with another path of the "
                + "projection (a field and its parent cannot both be given)");
    }

    private static boolean include(String field, JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        throw new ValidationException("projection of '" + field + "' must be 1, 0, true or false; got "
                + Describe.of(v) + " (projection operators such as $slice are not supported)");
    }

    /** The projected copy of {@code doc}. */
    public ObjectNode apply(ObjectNode doc) {
        ObjectNode out;
        if (inclusion) {
            out = JsonNodeFactory.instance.objectNode();
            if (includeId && doc.has("_id")) {
                out.set("_id", doc.get("_id"));
            }
            include(doc, root, out);
        } else {
            out = doc.deepCopy();
            exclude(out, root);
        }
        if (!includeId) {
            out.remove("_id");
        }
        return out;
    }

    private static void include(ObjectNode from, Node node, ObjectNode into) {
        for (Map.Entry<String, Node> c : node.children.entrySet()) {
            JsonNode v = from.get(c.getKey());
            if (v == null) {
                continue;
            }
            JsonNode kept = c.getValue().leaf ? v.deepCopy() : includeWithin(v, c.getValue());
            if (kept != null) {
                into.set(c.getKey(), kept);
            }
        }
    }

    private static JsonNode includeWithin(JsonNode v, Node node) {
        if (v.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            include((ObjectNode) v, node, o);
            return o;
        }
        if (v.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode e : v) {
                JsonNode kept = e.isObject() || e.isArray() ? includeWithin(e, node) : null;
                if (kept != null) {
                    a.add(kept);
                }
            }
            return a;
        }
        return null; // a scalar has none of the selected subfields
    }

    private static void exclude(JsonNode v, Node node) {
        if (v instanceof ObjectNode o) {
            for (Map.Entry<String, Node> c : node.children.entrySet()) {
                if (c.getValue().leaf) {
                    o.remove(c.getKey());
                } else if (o.has(c.getKey())) {
                    exclude(o.get(c.getKey()), c.getValue());
                }
            }
        } else if (v instanceof ArrayNode a) {
            for (JsonNode e : a) {
                exclude(e, node);
            }
        }
    }
}
