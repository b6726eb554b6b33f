package dev.mikrodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.KeyList;
import dev.mikrodb.QueryPlan;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Indexes, key listings and query plans on the wire (docs/indexes.md). */
public final class IndexCodec {
    private static final Set<String> INDEX_FIELDS = Set.of("databaseName", "tableName", "fields", "unique", "sparse",
            "name");

    private IndexCodec() {
    }

    /** {@code POST /index}: {@code {tableName, fields: [{path, order}], unique, sparse, name?}}. */
    public static IndexSpec spec(JsonNode body) {
        Fields.requireObject(body, "request body");
        Fields.checkAllowed(body, INDEX_FIELDS, "request body");
        return new IndexSpec(Fields.optionalString(body, "name", ""), fields(body.get("fields")),
                Boolean.TRUE.equals(Fields.optionalBoolean(body, "unique", "")),
                Boolean.TRUE.equals(Fields.optionalBoolean(body, "sparse", "")));
    }

    /**
     * Index fields in any of the accepted shapes: {@code [{"path": "age", "order": -1}]}, {@code ["age", "name"]}, or
     * MongoDB's {@code {"age": 1, "name": -1}}.
     */
    public static List<IndexSpec.Field> fields(JsonNode fields) {
        if (fields == null || fields.isNull() || fields.isEmpty()) {
            throw new ValidationException("fields is missing: give [{\"path\": \"age\", \"order\": 1}] or "
                    + "{\"age\": 1}");
        }
        List<IndexSpec.Field> out = new ArrayList<>();
        if (fields.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                out.add(new IndexSpec.Field(f.getKey(), order(f.getValue(), f.getKey())));
            }
            return out;
        }
        if (!fields.isArray()) {
            throw new ValidationException("fields must be an array or an object; got " + fields);
        }
        for (JsonNode f : fields) {
            if (f.isTextual()) {
                out.add(new IndexSpec.Field(f.textValue(), false));
            } else if (f.isObject()) {
                Fields.checkAllowed(f, Set.of("path", "order"), "index field");
                JsonNode order = f.get("order");
                out.add(new IndexSpec.Field(Fields.requiredString(f, "path", "index field "),
                        order != null && order(order, f.path("path").asText())));
            } else {
                throw new ValidationException("an index field must be a path or {\"path\", \"order\"}; got " + f);
            }
        }
        return out;
    }

    private static boolean order(JsonNode v, String path) {
        if (!v.isNumber() || (v.doubleValue() != 1 && v.doubleValue() != -1)) {
            throw new ValidationException("order of index field '" + path + "' must be 1 or -1; got " + v);
        }
        return v.doubleValue() < 0;
    }

    public static ObjectNode toJson(IndexInfo info) {
        ObjectNode out = WireJson.object().put("name", info.spec().name());
        ArrayNode fields = out.putArray("fields");
        for (IndexSpec.Field f : info.spec().fields()) {
            fields.addObject().put("path", f.path()).put("order", f.descending() ? -1 : 1);
        }
        return out.put("unique", info.spec().unique()).put("sparse", info.spec().sparse())
                .put("entries", info.entries()).put("multikey", info.multikey());
    }

    public static IndexInfo info(JsonNode json) {
        List<IndexSpec.Field> fields = new ArrayList<>();
        json.get("fields").forEach(f -> fields.add(new IndexSpec.Field(f.get("path").asText(),
                f.path("order").asInt(1) < 0)));
        return new IndexInfo(new IndexSpec(json.get("name").asText(), fields, json.path("unique").asBoolean(),
                json.path("sparse").asBoolean()), json.path("entries").asLong(), json.path("multikey").asBoolean());
    }

    public static ObjectNode toJson(List<IndexInfo> infos) {
        ObjectNode out = WireJson.object();
        ArrayNode list = out.putArray("indexes");
        infos.forEach(i -> list.add(toJson(i)));
        return out;
    }

    public static List<IndexInfo> infos(JsonNode json) {
        List<IndexInfo> out = new ArrayList<>();
        json.get("indexes").forEach(i -> out.add(info(i)));
        return out;
    }

    public static ObjectNode toJson(KeyList list) {
        ObjectNode out = WireJson.object();
        ArrayNode keys = out.putArray("keys");
        for (KeyList.Key k : list.keys()) {
            ObjectNode o = keys.addObject().put("key", k.key()).put("version", k.version());
            if (k.expiration() > 0) {
                o.put("expiration", k.expiration());
            } else {
                o.putNull("expiration");
            }
        }
        out.put("listComplete", list.listComplete());
        if (list.cursor() != null) {
            out.put("cursor", list.cursor());
        }
        return out;
    }

    public static KeyList keyList(JsonNode json) {
        List<KeyList.Key> keys = new ArrayList<>();
        json.get("keys").forEach(k -> keys.add(new KeyList.Key(k.get("key").asText(), k.get("version").asLong(),
                k.path("expiration").asLong(0))));
        JsonNode cursor = json.get("cursor");
        return new KeyList(keys, json.get("listComplete").asBoolean(), cursor == null || cursor.isNull() ? null
                : cursor.asText());
    }

    public static ObjectNode toJson(QueryPlan plan) {
        ObjectNode out = WireJson.object();
        if (plan.index() == null) {
            out.putNull("index");
        } else {
            out.put("index", plan.index());
        }
        return out.put("keysExamined", plan.keysExamined()).put("itemsExamined", plan.itemsExamined())
                .put("returned", plan.returned()).put("micros", plan.micros());
    }

    public static QueryPlan plan(JsonNode json) {
        JsonNode index = json.get("index");
        return new QueryPlan(index == null || index.isNull() ? null : index.asText(),
                json.path("keysExamined").asLong(), json.path("itemsExamined").asLong(),
                json.path("returned").asLong(), json.path("micros").asLong());
    }
}
