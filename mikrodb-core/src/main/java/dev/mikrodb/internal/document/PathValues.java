package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The values a dot path reaches in a document, the way MongoDB's query matching walks it: a path segment applied to
 * an array reaches into each object element ({@code items.qty} over {@code [{qty: 1}, {qty: 5}]} reaches 1 and 5),
 * and a numeric segment also indexes the array ({@code items.0.qty} reaches 1). {@link #missing} records whether
 * some branch of the walk found nothing where a field could be (an object without it, a scalar on the way), which
 * {@code {field: null}} cares about; an array without object elements is not such a branch (MongoDB 8.0: {@code
 * {"a.b": null}} does not match {@code {a: [1, 2]}} or {@code {a: []}}). {@code $exists} asks whether any value
 * was reached.
 */
public final class PathValues {
    public final List<JsonNode> values = new ArrayList<>(2);
    public boolean missing;
    /**
     * Set for the elements {@code $elemMatch} tests one at a time: each is matched as it is, so an element that is
     * itself an array is not searched ({@code {$elemMatch: {$gt: 4}}} does not match {@code [[5]]}, as in MongoDB).
     */
    public boolean asIs;

    /** One array element, for {@code $elemMatch}'s operators. */
    static PathValues element(JsonNode element) {
        PathValues out = new PathValues();
        out.values.add(element);
        out.asIs = true;
        return out;
    }

    public static PathValues of(JsonNode doc, String[] path) {
        PathValues out = new PathValues();
        out.walk(doc, path, 0);
        return out;
    }

    private void walk(JsonNode node, String[] path, int i) {
        if (i == path.length) {
            values.add(node);
            return;
        }
        String segment = path[i];
        if (node.isObject()) {
            JsonNode child = node.get(segment);
            if (child == null) {
                missing = true;
            } else {
                walk(child, path, i + 1);
            }
            return;
        }
        if (node.isArray()) {
            int index = arrayIndex(segment);
            if (index >= 0) {
                JsonNode element = node.get(index);
                if (element == null) {
                    missing = true;
                } else {
                    walk(element, path, i + 1);
                }
            }
            for (JsonNode element : node) {
                if (element.isObject()) {
                    walk(element, path, i); // scalars in the array have no fields and are passed over
                }
            }
            return; // an array with no object lacking the field reaches nothing, and is not missing it either
        }
        missing = true; // a scalar has no fields
    }

    public boolean isMissing() {
        return values.isEmpty();
    }

    static int arrayIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Integer.parseInt(segment);
    }
}
