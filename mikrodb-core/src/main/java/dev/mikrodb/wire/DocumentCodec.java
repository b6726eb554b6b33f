package dev.mikrodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.BulkOperation;
import dev.mikrodb.BulkWriteResult;
import dev.mikrodb.DatabaseStats;
import dev.mikrodb.DeleteResult;
import dev.mikrodb.FindOptions;
import dev.mikrodb.UpdateResult;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.document.Args;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document API on the wire ({@code /db/{db}/{coll}/{op}}, docs/documents.md): request parts and results with
 * MongoDB's snake_case names, read strictly (unknown fields are errors) by the server and written by the client.
 */
public final class DocumentCodec {
    private static final Set<String> FIND_OPTIONS = Set.of("sort", "skip", "limit", "projection");
    private static final Set<String> BULK_OPS = Set.of("insert_one", "update_one", "update_many", "replace_one",
            "delete_one", "delete_many");

    private DocumentCodec() {
    }

    public static FindOptions findOptions(JsonNode options) {
        if (options == null || options.isNull()) {
            return FindOptions.NONE;
        }
        Fields.requireObject(options, "options");
        Fields.checkAllowed(options, FIND_OPTIONS, "options");
        Long skip = Fields.optionalNonNegativeLong(options, "skip", "options.");
        Long limit = Fields.optionalNonNegativeLong(options, "limit", "options.");
        return new FindOptions(nullIfNull(options.get("sort")), skip == null ? 0 : skip, limit == null ? 0 : limit,
                nullIfNull(options.get("projection")));
    }

    public static ObjectNode toJson(FindOptions o) {
        ObjectNode out = WireJson.object();
        if (o.sort() != null) {
            out.set("sort", Args.tree(o.sort(), "sort"));
        }
        if (o.skip() > 0) {
            out.put("skip", o.skip());
        }
        if (o.limit() > 0) {
            out.put("limit", o.limit());
        }
        if (o.projection() != null) {
            out.set("projection", Args.tree(o.projection(), "projection"));
        }
        return out;
    }

    private static JsonNode nullIfNull(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    public static ObjectNode toJson(UpdateResult r) {
        ObjectNode out = WireJson.object().put("matched_count", r.matchedCount())
                .put("modified_count", r.modifiedCount());
        if (r.upsertedId() != null) {
            out.put("upserted_id", r.upsertedId());
        }
        return out;
    }

    public static UpdateResult updateResult(JsonNode answer) {
        JsonNode up = answer.get("upserted_id");
        return new UpdateResult(answer.path("matched_count").asLong(), answer.path("modified_count").asLong(),
                up == null || up.isNull() ? null : up.asText());
    }

    public static ObjectNode toJson(DeleteResult r) {
        return WireJson.object().put("deleted_count", r.deletedCount());
    }

    public static ObjectNode toJson(BulkWriteResult r) {
        ObjectNode out = WireJson.object().put("inserted_count", r.insertedCount())
                .put("matched_count", r.matchedCount()).put("modified_count", r.modifiedCount())
                .put("deleted_count", r.deletedCount()).put("upserted_count", r.upsertedCount());
        ArrayNode ids = out.putArray("inserted_ids");
        r.insertedIds().forEach(ids::add);
        ArrayNode ups = out.putArray("upserted_ids");
        r.upsertedIds().forEach(ups::add);
        return out;
    }

    public static BulkWriteResult bulkWriteResult(JsonNode a) {
        return new BulkWriteResult(a.path("inserted_count").asLong(), a.path("matched_count").asLong(),
                a.path("modified_count").asLong(), a.path("deleted_count").asLong(),
                a.path("upserted_count").asLong(), strings(a.get("inserted_ids")), strings(a.get("upserted_ids")));
    }

    public static ObjectNode toJson(DatabaseStats s) {
        return WireJson.object().put("database", s.database()).put("collections", s.collections())
                .put("documents", s.documents()).put("bytes", s.bytes());
    }

    public static DatabaseStats stats(JsonNode a) {
        return new DatabaseStats(a.path("database").asText(), a.path("collections").asInt(),
                a.path("documents").asLong(), a.path("bytes").asLong());
    }

    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** {@code [{"insert_one": {"document": ...}}, {"update_one": {"filter", "update", "upsert"}}, ...]}. */
    public static List<BulkOperation> bulkOperations(JsonNode operations) {
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw new ValidationException("operations must be a non-empty array");
        }
        List<BulkOperation> out = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            String where = "operation " + i + ": ";
            JsonNode op = operations.get(i);
            if (op == null || !op.isObject() || op.size() != 1) {
                throw new ValidationException(where + "must be an object with one of " + String.join(", ",
                        BULK_OPS.stream().sorted().toList()));
            }
            Map.Entry<String, JsonNode> e = op.fields().next();
            JsonNode a = e.getValue();
            Fields.requireObject(a, where + e.getKey());
            boolean upsert = Boolean.TRUE.equals(Fields.optionalBoolean(a, "upsert", where));
            out.add(switch (e.getKey()) {
                case "insert_one" -> {
                    Fields.checkAllowed(a, Set.of("document"), where + "insert_one");
                    yield new BulkOperation.InsertOne(required(a, "document", where));
                }
                case "update_one", "update_many" -> {
                    Fields.checkAllowed(a, Set.of("filter", "update", "upsert"), where + e.getKey());
                    yield e.getKey().equals("update_one")
                            ? new BulkOperation.UpdateOne(required(a, "filter", where), required(a, "update", where),
                            upsert)
                            : new BulkOperation.UpdateMany(required(a, "filter", where), required(a, "update", where),
                            upsert);
                }
                case "replace_one" -> {
                    Fields.checkAllowed(a, Set.of("filter", "replacement", "upsert"), where + "replace_one");
                    yield new BulkOperation.ReplaceOne(required(a, "filter", where), required(a, "replacement",
                            where), upsert);
                }
                case "delete_one", "delete_many" -> {
                    Fields.checkAllowed(a, Set.of("filter"), where + e.getKey());
                    yield e.getKey().equals("delete_one") ? new BulkOperation.DeleteOne(required(a, "filter", where))
                            : new BulkOperation.DeleteMany(required(a, "filter", where));
                }
                default -> throw new ValidationException(where + "unknown operation '" + e.getKey() + "'; expected "
                        + String.join(", ", BULK_OPS.stream().sorted().toList()));
            });
        }
        return out;
    }

    public static ArrayNode toJson(List<BulkOperation> operations) {
        ArrayNode out = WireJson.array();
        for (BulkOperation op : operations) {
            ObjectNode o = out.addObject();
            if (op instanceof BulkOperation.InsertOne i) {
                o.putObject("insert_one").set("document", Args.tree(i.document(), "document"));
            } else if (op instanceof BulkOperation.UpdateOne u) {
                update(o.putObject("update_one"), u.filter(), "update", u.update(), u.upsert());
            } else if (op instanceof BulkOperation.UpdateMany u) {
                update(o.putObject("update_many"), u.filter(), "update", u.update(), u.upsert());
            } else if (op instanceof BulkOperation.ReplaceOne r) {
                update(o.putObject("replace_one"), r.filter(), "replacement", r.replacement(), r.upsert());
            } else if (op instanceof BulkOperation.DeleteOne d) {
                o.putObject("delete_one").set("filter", filter(d.filter()));
            } else if (op instanceof BulkOperation.DeleteMany d) {
                o.putObject("delete_many").set("filter", filter(d.filter()));
            } else {
                throw new ValidationException("operation is missing");
            }
        }
        return out;
    }

    private static void update(ObjectNode o, Object filter, String field, Object update, boolean upsert) {
        o.set("filter", filter(filter));
        o.set(field, Args.tree(update, field));
        if (upsert) {
            o.put("upsert", true);
        }
    }

    /** A document API argument (a tree, a Map or record, JSON text) as a tree for the wire. */
    public static JsonNode tree(Object arg, String what) {
        return Args.tree(arg, what);
    }

    /** A filter for the wire: null means every document. */
    public static JsonNode filter(Object filter) {
        JsonNode f = Args.tree(filter, "filter");
        return f == null ? WireJson.object() : f;
    }

    private static JsonNode required(JsonNode a, String field, String where) {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) {
            throw new ValidationException(where + field + " is missing");
        }
        return v;
    }
}
