package dev.mikrodb.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.BulkOperation;
import dev.mikrodb.BulkWriteResult;
import dev.mikrodb.DeleteOptions;
import dev.mikrodb.DeleteResult;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.FindOptions;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.InsertManyResult;
import dev.mikrodb.InsertOneResult;
import dev.mikrodb.UpdateOptions;
import dev.mikrodb.UpdateResult;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.DocumentCodec;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.IndexCodec;
import dev.mikrodb.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A collection over HTTP: {@code POST /db/{db}/{coll}/{op}} with MongoDB's operation and result names. */
final class RemoteCollection implements DocumentCollection {
    private final JsonCalls calls;
    private final RemoteDatabase database;
    private final String name;

    RemoteCollection(JsonCalls calls, RemoteDatabase database, String name) {
        Fields.checkTableName(name);
        this.calls = calls;
        this.database = database;
        this.name = name;
    }

    private JsonNode call(String op, ObjectNode body, boolean idempotent) {
        return calls.post(database.path() + "/" + RemoteDatabase.encode(name) + "/" + op, body, idempotent);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String databaseName() {
        return database.name();
    }

    @Override
    public InsertOneResult insertOne(Object document) {
        ObjectNode body = WireJson.object();
        body.set("document", DocumentCodec.tree(document, "document"));
        return new InsertOneResult(call("insert_one", body, false).get("inserted_id").asText());
    }

    @Override
    public InsertManyResult insertMany(List<?> documents) {
        if (documents == null || documents.isEmpty()) {
            throw new ValidationException("insert_many needs at least one document");
        }
        ObjectNode body = WireJson.object();
        ArrayNode docs = body.putArray("documents");
        for (int i = 0; i < documents.size(); i++) {
            docs.add(DocumentCodec.tree(documents.get(i), "document " + i));
        }
        return new InsertManyResult(DocumentCodec.strings(call("insert_many", body, false).get("inserted_ids")));
    }

    private static ObjectNode filterAndOptions(Object filter, FindOptions options) {
        ObjectNode body = WireJson.object();
        body.set("filter", DocumentCodec.filter(filter));
        if (options != null) {
            body.set("options", DocumentCodec.toJson(options));
        }
        return body;
    }

    @Override
    public List<JsonNode> find(Object filter, FindOptions options) {
        List<JsonNode> out = new ArrayList<>();
        call("find", filterAndOptions(filter, options), true).get("documents").forEach(out::add);
        return out;
    }

    @Override
    public Optional<JsonNode> findOne(Object filter, FindOptions options) {
        JsonNode doc = call("find_one", filterAndOptions(filter, options), true).get("document");
        return doc == null || doc.isNull() ? Optional.empty() : Optional.of(doc);
    }

    @Override
    public long count(Object filter) {
        ObjectNode body = WireJson.object();
        body.set("filter", DocumentCodec.filter(filter));
        return call("count", body, true).get("count").asLong();
    }

    @Override
    public List<JsonNode> distinct(String field, Object filter) {
        ObjectNode body = WireJson.object().put("field", field);
        body.set("filter", DocumentCodec.filter(filter));
        List<JsonNode> out = new ArrayList<>();
        call("distinct", body, true).get("values").forEach(out::add);
        return out;
    }

    private UpdateResult update(String op, String field, Object filter, Object update, UpdateOptions options) {
        ObjectNode body = WireJson.object();
        body.set("filter", DocumentCodec.filter(filter));
        body.set(field, DocumentCodec.tree(update, field));
        UpdateOptions o = options == null ? UpdateOptions.NONE : options;
        if (o.upsert()) {
            body.putObject("options").put("upsert", true);
        }
        if (o.expectedVersion() != null) {
            body.put("expectedVersion", o.expectedVersion());
        }
        return DocumentCodec.updateResult(call(op, body, false));
    }

    @Override
    public UpdateResult updateOne(Object filter, Object update, UpdateOptions options) {
        return update("update_one", "update", filter, update, options);
    }

    @Override
    public UpdateResult updateMany(Object filter, Object update, UpdateOptions options) {
        return update("update_many", "update", filter, update, options);
    }

    @Override
    public UpdateResult replaceOne(Object filter, Object replacement, UpdateOptions options) {
        return update("replace_one", "replacement", filter, replacement, options);
    }

    private DeleteResult delete(String op, Object filter, DeleteOptions options) {
        ObjectNode body = WireJson.object();
        body.set("filter", DocumentCodec.filter(filter));
        DeleteOptions o = options == null ? DeleteOptions.NONE : options;
        if (o.limit() != null) {
            body.putObject("options").put("limit", o.limit());
        }
        if (o.expectedVersion() != null) {
            body.put("expectedVersion", o.expectedVersion());
        }
        return new DeleteResult(call(op, body, false).get("deleted_count").asLong());
    }

    @Override
    public DeleteResult deleteOne(Object filter, DeleteOptions options) {
        return delete("delete_one", filter, options);
    }

    @Override
    public DeleteResult deleteMany(Object filter, DeleteOptions options) {
        return delete("delete_many", filter, options);
    }

    @Override
    public IndexInfo createIndex(IndexSpec spec) {
        ObjectNode body = WireJson.object();
        body.set("fields", IndexCodec.toJson(new IndexInfo(spec, 0, false)).get("fields"));
        body.putObject("options").put("unique", spec.unique()).put("sparse", spec.sparse()).put("name", spec.name());
        return IndexCodec.info(call("create_index", body, false));
    }

    @Override
    public boolean dropIndex(String indexName) {
        try {
            call("drop_index", WireJson.object().put("name", indexName), false);
            return true;
        } catch (dev.mikrodb.client.ServerErrorException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<IndexInfo> indexes() {
        return IndexCodec.infos(calls.get(database.path() + "/" + RemoteDatabase.encode(name) + "/indexes"));
    }

    @Override
    public BulkWriteResult bulkWrite(List<BulkOperation> operations) {
        if (operations == null || operations.isEmpty()) {
            throw new ValidationException("bulk_write needs at least one operation");
        }
        ObjectNode body = WireJson.object();
        body.set("operations", DocumentCodec.toJson(operations));
        return DocumentCodec.bulkWriteResult(call("bulk_write", body, false));
    }
}
