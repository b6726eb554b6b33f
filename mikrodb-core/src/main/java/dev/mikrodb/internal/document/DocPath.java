package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;

/**
 * Reading and writing one dot path of a document the way MongoDB's update operators do: a numeric segment indexes an
 * array (writing past its end pads it with nulls), a missing object on the way is created, and a scalar on the way is
 * an error that names the path and what was in the way.
 */
final class DocPath {
    private final String text;
    private final String[] segments;

    DocPath(String text) {
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
            throw new ValidationException("update path '" + text + "' is not a valid path");
        }
        for (String s : text.split("\\.")) {
            if (s.startsWith("$")) {
                throw new ValidationException("update path '" + text + "' has an operator ('" + s + "') where a "
                        + "field name belongs; positional updates ($, $[]) are not supported");
            }
        }
        this.text = text;
        this.segments = text.split("\\.");
    }

    String text() {
        return text;
    }

    String[] segments() {
        return segments;
    }

    /** Whether this path equals {@code other} or one is a prefix of the other, segment by segment. */
    boolean overlaps(DocPath other) {
        int n = Math.min(segments.length, other.segments.length);
        for (int i = 0; i < n; i++) {
            if (!segments[i].equals(other.segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** The value at the path, or null when any step is missing. */
    JsonNode get(JsonNode doc) {
        JsonNode node = doc;
        for (String s : segments) {
            node = child(node, s);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * Refuses a path that could not exist in {@code doc}: one that passes through a scalar, or names a field of an
     * array. MongoDB refuses such a path for every operator but $unset, even where a missing one is a no-op.
     */
    void requireViable(JsonNode doc, String where) {
        JsonNode node = doc;
        for (int i = 0; i < segments.length && node != null; i++) {
            boolean blocked = node.isArray() ? PathValues.arrayIndex(segments[i]) < 0 : !node.isObject();
            if (blocked) {
                throw new ValidationException(where + "'" + prefix(i) + "' holds " + Describe.of(node)
                        + ", which has no field '" + segments[i] + "'");
            }
            node = child(node, segments[i]);
        }
    }

    /** Whether a step before the last one reaches an array in {@code doc}. */
    boolean crossesArray(JsonNode doc) {
        JsonNode node = doc;
        for (int i = 0; i < segments.length - 1 && node != null; i++) {
            node = child(node, segments[i]);
            if (node != null && node.isArray()) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode child(JsonNode node, String segment) {
        if (node.isObject()) {
            return node.get(segment);
        }
        if (node.isArray()) {
            int i = PathValues.arrayIndex(segment);
            return i < 0 ? null : node.get(i);
        }
        return null;
    }

    /** Sets the value, creating missing objects on the way. */
    void set(ObjectNode doc, JsonNode value) {
        JsonNode parent = parent(doc, true);
        String last = segments[segments.length - 1];
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else {
            ArrayNode a = (ArrayNode) parent;
            int i = arrayIndex(a, last);
            while (a.size() <= i) {
                a.add(NullNode.getInstance());
            }
            a.set(i, value);
        }
    }

    /** Removes the field (an array element becomes null, as in MongoDB); returns whether anything was there. */
    boolean unset(ObjectNode doc) {
        JsonNode parent = parent(doc, false);
        if (parent == null) {
            return false;
        }
        String last = segments[segments.length - 1];
        if (parent instanceof ObjectNode o) {
            return o.remove(last) != null;
        }
        ArrayNode a = (ArrayNode) parent;
        int i = PathValues.arrayIndex(last);
        if (i < 0 || i >= a.size()) {
            return false;
        }
        a.set(i, NullNode.getInstance());
        return true;
    }

    /** The container holding the last segment; null when missing and {@code create} is false. */
    private JsonNode parent(ObjectNode doc, boolean create) {
        JsonNode node = doc;
        for (int i = 0; i < segments.length - 1; i++) {
            String s = segments[i];
            JsonNode next;
            if (node instanceof ObjectNode o) {
                next = o.get(s);
                if (next == null) {
                    if (!create) {
                        return null;
                    }
                    next = o.putObject(s);
                }
            } else if (node instanceof ArrayNode a) {
                int index = PathValues.arrayIndex(s);
                if (index < 0) {
                    if (!create) {
                        return null;
                    }
                    throw new ValidationException("cannot create field '" + s + "' in the array at '"
                            + prefix(i) + "' of update path '" + text + "'; use a numeric index");
                }
                next = a.get(index);
                if (next == null) {
                    if (!create) {
                        return null;
                    }
                    while (a.size() <= index) {
                        a.add(NullNode.getInstance());
                    }
                    next = JsonNodeFactory.instance.objectNode();
                    a.set(index, next);
                }
            } else {
                if (!create) {
                    return null;
                }
                throw new ValidationException("cannot create field '" + s + "' of update path '" + text + "': '"
                        + prefix(i) + "' holds " + Describe.of(node) + ", not an object");
            }
            node = next;
        }
        if (!node.isObject() && !node.isArray()) {
            if (!create) {
                return null;
            }
            throw new ValidationException("cannot set update path '" + text + "': '" + prefix(segments.length - 1)
                    + "' holds " + Describe.of(node) + ", not an object");
        }
        return node;
    }

    private int arrayIndex(ArrayNode a, String segment) {
        int i = PathValues.arrayIndex(segment);
        if (i < 0) {
            throw new ValidationException("cannot create field '" + segment + "' in the array of update path '"
                    + text + "'; use a numeric index");
        }
        return i;
    }

    private String prefix(int count) {
        return count == 0 ? "(the document)" : String.join(".", java.util.Arrays.copyOf(segments, count));
    }
}
