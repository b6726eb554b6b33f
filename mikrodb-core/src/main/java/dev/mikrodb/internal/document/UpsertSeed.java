package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The document an upsert starts from when nothing matched, as MongoDB builds it (its upsert_fields.js): the filter's
 * equality conditions ({@code {field: value}}, {@code {field: {"$eq": value}}}, an {@code $in} or {@code $all} of
 * one value, and those inside {@code $and} or an {@code $or} of one clause), dot paths expanded into objects. Other
 * conditions contribute nothing. A path given two equalities, or beside its own parent ({@code {"a.b": 1, "a":
 * {...}}}), or an {@code $all} of several values leaves the document ambiguous: a 400. A replacement takes only
 * {@code _id} from the filter, so only {@code _id} can be ambiguous for it.
 */
final class UpsertSeed {
    private final ObjectNode doc = JsonNodeFactory.instance.objectNode();
    private final List<DocPath> set = new ArrayList<>();
    private final boolean idOnly;

    private UpsertSeed(boolean idOnly) {
        this.idOnly = idOnly;
    }

    static ObjectNode fromFilter(JsonNode filter, boolean replacement) {
        UpsertSeed seed = new UpsertSeed(replacement);
        if (filter != null && filter.isObject()) {
            seed.collect(filter);
        }
        return seed.doc;
    }

    private void collect(JsonNode filter) {
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            boolean oneClauseOr = f.getKey().equals("$or") && v.isArray() && v.size() == 1;
            if ((f.getKey().equals("$and") && v.isArray()) || oneClauseOr) {
                v.forEach(this::collect);
            } else if (!f.getKey().startsWith("$")) {
                if (DocumentFilter.isMikroCondition(v)) {
                    if (v.get("operator").textValue().equals("eq") && v.has("value")) {
                        set(f.getKey(), v.get("value"));
                    }
                } else if (!DocumentFilter.isOperatorObject(v, f.getKey())) {
                    set(f.getKey(), v);
                } else if (v.has("$eq")) {
                    set(f.getKey(), v.get("$eq"));
                } else if (v.path("$in").size() == 1 && v.get("$in").isArray()) {
                    set(f.getKey(), v.get("$in").get(0));
                } else if (v.path("$all").isArray() && !v.get("$all").isEmpty()) {
                    fromAll(f.getKey(), v.get("$all"));
                }
            }
        }
    }

    private void fromAll(String field, JsonNode values) {
        if (values.get(0).isObject() && values.get(0).has("$elemMatch")) {
            return; // {$all: [{$elemMatch: ...}]} is a condition on elements, not a value
        }
        if (values.size() > 1 && !skipped(field)) {
            throw new ValidationException("cannot build the upserted document: the filter's $all on '" + field
                    + "' gives it " + values.size() + " values; an upsert needs one equality per field");
        }
        set(field, values.get(0));
    }

    /** A replacement keeps only {@code _id} from the filter: other fields neither seed nor conflict. */
    private boolean skipped(String field) {
        return idOnly && !field.equals("_id") && !field.startsWith("_id.");
    }

    private void set(String field, JsonNode value) {
        if (skipped(field)) {
            return;
        }
        DocPath path = new DocPath(field);
        for (DocPath earlier : set) {
            if (earlier.overlaps(path)) {
                String clash = earlier.text().equals(path.text()) ? "'" + path.text() + "' twice"
                        : "both '" + earlier.text() + "' and '" + path.text() + "'";
                throw new ValidationException("cannot build the upserted document: the filter sets " + clash
                        + "; an upsert needs one equality per field");
            }
        }
        set.add(path);
        path.set(doc, value.deepCopy());
    }
}
