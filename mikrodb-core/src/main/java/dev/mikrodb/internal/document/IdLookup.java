package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code _id}s a filter pins down, so a query by id reads those keys instead of scanning the collection:
 * {@code {"_id": "x"}}, {@code {"_id": {"$eq": "x"}}}, {@code {"_id": {"$in": [...]}}}, beside any other condition.
 * The full filter still runs on each document found; this only narrows where to look.
 */
final class IdLookup {
    private IdLookup() {
    }

    /** The candidate ids, sorted; null when the filter does not pin {@code _id}. */
    static List<String> ids(JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            return null;
        }
        JsonNode id = filter.get("_id");
        if (id == null) {
            return null;
        }
        TreeSet<String> out = new TreeSet<>();
        if (id.isTextual()) {
            out.add(id.textValue());
        } else if (id.isObject() && id.size() == 1 && id.has("$eq")) {
            if (id.get("$eq").isTextual()) {
                out.add(id.get("$eq").textValue());
            }
        } else if (id.isObject() && id.size() == 1 && id.has("$in") && id.get("$in").isArray()) {
            id.get("$in").forEach(v -> {
                if (v.isTextual()) {
                    out.add(v.textValue());
                }
            });
        } else if (id.isObject() || id.isArray()) {
            return null; // another operator: scan
        }
        // Any other literal (a number, null) matches no document: ids are non-empty strings.
        out.remove("");
        return new ArrayList<>(out);
    }
}
