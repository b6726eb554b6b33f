package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.DeleteOptions;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.DocumentDatabase;
import dev.mikrodb.InsertManyResult;
import dev.mikrodb.MikroStore;
import dev.mikrodb.UpdateOptions;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.DocumentCodec;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The document API: {@code /db}, {@code /db/{db}}, {@code /db/{db}/stats} and {@code POST /db/{db}/{coll}/{op}} with
 * MongoDB's operation names (docs/documents.md). Each handler reads the body strictly, makes one store call and
 * answers with MongoDB's result names.
 */
public final class DocumentHandlers {
    private static final Set<String> FILTER_OPTIONS = Set.of("filter", "options");
    private static final Set<String> UPDATE = Set.of("filter", "update", "options", "expectedVersion");
    private static final Set<String> REPLACE = Set.of("filter", "replacement", "options", "expectedVersion");
    private static final Set<String> DELETE = Set.of("filter", "options", "expectedVersion");

    private final MikroStore store;

    public DocumentHandlers(MikroStore store) {
        this.store = store;
    }

    /** {@code GET /db}. */
    public void databases(HttpServerExchange exchange) {
        ObjectNode answer = WireJson.object();
        ArrayNode names = answer.putArray("databases");
        store.databases().forEach(names::add);
        Responses.json(exchange, 200, answer);
    }

    /** {@code GET /db/{db}}: its collections; 404 for a database that holds none. */
    public void collections(HttpServerExchange exchange) {
        DocumentDatabase db = database(exchange);
        List<String> collections = db.collections();
        if (collections.isEmpty()) {
            throw new HttpException(404, "no database named '" + db.name() + "'");
        }
        ObjectNode answer = WireJson.object();
        ArrayNode names = answer.putArray("collections");
        collections.forEach(names::add);
        Responses.json(exchange, 200, answer);
    }

    /** {@code GET /db/{db}/stats}. */
    public void stats(HttpServerExchange exchange) {
        DocumentDatabase db = database(exchange);
        if (db.collections().isEmpty()) {
            throw new HttpException(404, "no database named '" + db.name() + "'");
        }
        Responses.json(exchange, 200, DocumentCodec.toJson(db.stats()));
    }

    /** {@code DELETE /db/{db}}: every collection, atomically. */
    public void drop(HttpServerExchange exchange) {
        DocumentDatabase db = database(exchange);
        if (!db.drop()) {
            throw new HttpException(404, "no database named '" + db.name() + "'");
        }
        Responses.json(exchange, 200, Responses.success());
    }

    /** {@code POST /db/{db}/{coll}/{op}}. */
    public void operation(HttpServerExchange exchange) {
        DocumentDatabase db = database(exchange);
        String coll = StoreHandlers.pathParam(exchange, "coll");
        DocumentCollection c = db.collection(coll);
        String op = StoreHandlers.pathParam(exchange, "op");
        JsonNode body = RequestBodies.isEmpty(exchange) ? WireJson.object()
                : Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        ObjectNode answer = switch (op) {
            case "insert_one" -> insertOne(c, body);
            case "insert_many" -> insertMany(c, body);
            case "find" -> find(c, body);
            case "find_one" -> findOne(c, body);
            case "count" -> count(c, body);
            case "distinct" -> distinct(c, body);
            case "update_one", "update_many" -> update(c, body, op.equals("update_many"));
            case "replace_one" -> replace(c, body);
            case "delete_one", "delete_many" -> delete(c, body, op.equals("delete_many"));
            case "bulk_write" -> bulkWrite(c, body);
            case "create" -> WireJson.object().put("created", db.createCollection(coll));
            case "create_index" -> (ObjectNode) IndexHandlers.createDocumentIndex(c, body);
            case "drop_index" -> (ObjectNode) IndexHandlers.dropDocumentIndex(c, body);
            default -> throw new HttpException(404, "no document operation '" + op + "'; expected insert_one, "
                    + "insert_many, find, find_one, count, distinct, update_one, update_many, replace_one, "
                    + "delete_one, delete_many, bulk_write, create, create_index or drop_index");
        };
        Responses.json(exchange, 200, answer);
    }

    /** {@code GET /db/{db}/{coll}/indexes}. */
    public void indexes(HttpServerExchange exchange) {
        DocumentCollection c = database(exchange).collection(StoreHandlers.pathParam(exchange, "coll"));
        Responses.json(exchange, 200, dev.mikrodb.wire.IndexCodec.toJson(c.indexes()));
    }

    private DocumentDatabase database(HttpServerExchange exchange) {
        return store.database(StoreHandlers.pathParam(exchange, "db"));
    }

    private static ObjectNode insertOne(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("document"), "request body");
        return WireJson.object().put("inserted_id", c.insertOne(required(body, "document")).insertedId());
    }

    private static ObjectNode insertMany(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("documents"), "request body");
        JsonNode docs = required(body, "documents");
        if (!docs.isArray()) {
            throw new ValidationException("documents must be an array of documents");
        }
        List<JsonNode> list = new ArrayList<>();
        docs.forEach(list::add);
        InsertManyResult r = c.insertMany(list);
        ObjectNode answer = WireJson.object().put("inserted_count", r.insertedCount());
        ArrayNode ids = answer.putArray("inserted_ids");
        r.insertedIds().forEach(ids::add);
        return answer;
    }

    private static ObjectNode find(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, FILTER_OPTIONS, "request body");
        ObjectNode answer = WireJson.object();
        ArrayNode docs = answer.putArray("documents");
        c.find(body.get("filter"), DocumentCodec.findOptions(body.get("options"))).forEach(docs::add);
        return answer;
    }

    private static ObjectNode findOne(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, FILTER_OPTIONS, "request body");
        ObjectNode answer = WireJson.object();
        answer.set("document", c.findOne(body.get("filter"), DocumentCodec.findOptions(body.get("options")))
                .orElse(null));
        return answer;
    }

    private static ObjectNode count(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("filter"), "request body");
        return WireJson.object().put("count", c.count(body.get("filter")));
    }

    private static ObjectNode distinct(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("field", "filter"), "request body");
        ObjectNode answer = WireJson.object();
        ArrayNode values = answer.putArray("values");
        c.distinct(Fields.requiredString(body, "field", ""), body.get("filter")).forEach(values::add);
        return answer;
    }

    private static ObjectNode update(DocumentCollection c, JsonNode body, boolean many) {
        Fields.checkAllowed(body, UPDATE, "request body");
        UpdateOptions o = updateOptions(body);
        JsonNode filter = required(body, "filter");
        JsonNode update = required(body, "update");
        return DocumentCodec.toJson(many ? c.updateMany(filter, update, o) : c.updateOne(filter, update, o));
    }

    private static ObjectNode replace(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, REPLACE, "request body");
        return DocumentCodec.toJson(c.replaceOne(required(body, "filter"), required(body, "replacement"),
                updateOptions(body)));
    }

    private static UpdateOptions updateOptions(JsonNode body) {
        JsonNode options = body.get("options");
        boolean upsert = false;
        if (options != null && !options.isNull()) {
            Fields.requireObject(options, "options");
            Fields.checkAllowed(options, Set.of("upsert"), "options");
            upsert = Boolean.TRUE.equals(Fields.optionalBoolean(options, "upsert", "options."));
        }
        return new UpdateOptions(upsert, Fields.optionalNonNegativeLong(body, "expectedVersion", ""));
    }

    private static ObjectNode delete(DocumentCollection c, JsonNode body, boolean many) {
        Fields.checkAllowed(body, DELETE, "request body");
        JsonNode options = body.get("options");
        Long limit = null;
        if (options != null && !options.isNull()) {
            Fields.requireObject(options, "options");
            Fields.checkAllowed(options, Set.of("limit"), "options");
            limit = Fields.optionalNonNegativeLong(options, "limit", "options.");
        }
        DeleteOptions o = new DeleteOptions(limit, Fields.optionalNonNegativeLong(body, "expectedVersion", ""));
        JsonNode filter = required(body, "filter");
        return DocumentCodec.toJson(many ? c.deleteMany(filter, o) : c.deleteOne(filter, o));
    }

    private static ObjectNode bulkWrite(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("operations"), "request body");
        return DocumentCodec.toJson(c.bulkWrite(DocumentCodec.bulkOperations(required(body, "operations"))));
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new ValidationException(field + " is missing");
        }
        return v;
    }
}
