package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The document an upsert starts from when nothing matched, as MongoDB builds it: the filter's equality conditions
 * ({@code {field: value}}, {@code {field: {"$eq": value}}}, and those inside {@code $and}), dot paths expanded into
 * objects. Other conditions contribute nothing.
 */
final class UpsertSeed {
    private UpsertSeed() {
    }

    static ObjectNode fromFilter(JsonNode filter) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        if (filter != null && filter.isObject()) {
            collect(filter, doc);
        }
        return doc;
    }

    private static void collect(JsonNode filter, ObjectNode doc) {
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (f.getKey().equals("$and") && v.isArray()) {
                v.forEach(q -> collect(q, doc));
            } else if (!f.getKey().startsWith("$")) {
                if (DocumentFilter.isMikroCondition(v)) {
                    if (v.get("operator").textValue().equals("eq") && v.has("value")) {
                        new DocPath(f.getKey()).set(doc, v.get("value").deepCopy());
                    }
                } else if (!DocumentFilter.isOperatorObject(v, f.getKey())) {
                    new DocPath(f.getKey()).set(doc, v.deepCopy());
                } else if (v.has("$eq")) {
                    new DocPath(f.getKey()).set(doc, v.get("$eq").deepCopy());
                }
            }
        }
    }
}
