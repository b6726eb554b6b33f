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
 * The document an upsert starts from when nothing matched, as MongoDB builds it: the filter's equality conditions
 * ({@code {field: value}}, {@code {field: {"$eq": value}}}, and those inside {@code $and} or an {@code $or} of one
 * clause), dot paths expanded into objects. Other conditions contribute nothing. A path given two equalities, or
 * beside its own parent ({@code {"a.b": 1, "a": {...}}}), leaves the document ambiguous: a 400, as in MongoDB.
 */
final class UpsertSeed {
    private final ObjectNode doc = JsonNodeFactory.instance.objectNode();
    private final List<DocPath> set = new ArrayList<>();

    private UpsertSeed() {
    }

    static ObjectNode fromFilter(JsonNode filter) {
        UpsertSeed seed = new UpsertSeed();
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
                }
            }
        }
    }

    private void set(String field, JsonNode value) {
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
