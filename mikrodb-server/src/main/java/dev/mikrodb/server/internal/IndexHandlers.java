package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.IndexCodec;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Set;

/** Indexes and key listing: {@code /index}, {@code /indexes}, {@code /list}, and the document index routes. */
public final class IndexHandlers {
    private final MikroStore store;

    public IndexHandlers(MikroStore store) {
        this.store = store;
    }

    private MikroStore in(String database) {
        return database == null ? store : store.inDatabase(database);
    }

    /** {@code POST /index {tableName, fields, unique, sparse, name?, databaseName?}}. */
    public void create(HttpServerExchange exchange) {
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        IndexSpec spec = IndexCodec.spec(body);
        String table = Fields.requiredString(body, "tableName", "");
        IndexInfo info = in(Fields.optionalString(body, "databaseName", "")).createIndex(table, spec);
        Responses.json(exchange, 200, IndexCodec.toJson(info));
    }

    /** {@code DELETE /index?tableName=&name=&databaseName=}. */
    public void drop(HttpServerExchange exchange) {
        String table = required(exchange, "tableName");
        String name = required(exchange, "name");
        if (!in(StoreHandlers.param(exchange, "databaseName")).dropIndex(table, name)) {
            throw new HttpException(404, "no index named '" + name + "' on table '" + table + "'");
        }
        Responses.json(exchange, 200, Responses.success());
    }

    /** {@code GET /indexes?tableName=&databaseName=}. */
    public void list(HttpServerExchange exchange) {
        String table = required(exchange, "tableName");
        Responses.json(exchange, 200, IndexCodec.toJson(in(StoreHandlers.param(exchange, "databaseName"))
                .indexes(table)));
    }

    /** {@code GET /list?tableName=&prefix=&start=&end=&limit=&cursor=&reverse=&databaseName=}. */
    public void keys(HttpServerExchange exchange) {
        String table = required(exchange, "tableName");
        String limit = StoreHandlers.param(exchange, "limit");
        int n;
        try {
            n = limit == null ? ListOptions.MAX_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new ValidationException("limit must be an integer from 1 to " + ListOptions.MAX_LIMIT + "; got '"
                    + limit + "'");
        }
        String reverse = StoreHandlers.param(exchange, "reverse");
        if (reverse != null && !reverse.equals("true") && !reverse.equals("false")) {
            throw new ValidationException("reverse must be true or false; got '" + reverse + "'");
        }
        ListOptions options = new ListOptions(StoreHandlers.param(exchange, "prefix"),
                StoreHandlers.param(exchange, "start"), StoreHandlers.param(exchange, "end"), n,
                StoreHandlers.param(exchange, "cursor"), "true".equals(reverse));
        Responses.json(exchange, 200, IndexCodec.toJson(in(StoreHandlers.param(exchange, "databaseName"))
                .list(table, options)));
    }

    /** {@code POST /db/{db}/{coll}/create_index {"field" or "fields", "options": {"unique", "sparse", "name"}}}. */
    static JsonNode createDocumentIndex(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("field", "fields", "options"), "request body");
        List<IndexSpec.Field> fields;
        if (body.hasNonNull("field")) {
            if (body.has("fields")) {
                throw new ValidationException("give field or fields, not both");
            }
            fields = List.of(new IndexSpec.Field(Fields.requiredString(body, "field", ""), false));
        } else {
            fields = IndexCodec.fields(body.get("fields"));
        }
        JsonNode o = body.get("options");
        boolean unique = false;
        boolean sparse = false;
        String name = null;
        if (o != null && !o.isNull()) {
            Fields.requireObject(o, "options");
            Fields.checkAllowed(o, Set.of("unique", "sparse", "name"), "options");
            unique = Boolean.TRUE.equals(Fields.optionalBoolean(o, "unique", "options."));
            sparse = Boolean.TRUE.equals(Fields.optionalBoolean(o, "sparse", "options."));
            name = Fields.optionalString(o, "name", "options.");
        }
        return IndexCodec.toJson(c.createIndex(new IndexSpec(name, fields, unique, sparse)));
    }

    /** {@code POST /db/{db}/{coll}/drop_index {"name" or "field"}}: by name, or the index on that one field. */
    static JsonNode dropDocumentIndex(DocumentCollection c, JsonNode body) {
        Fields.checkAllowed(body, Set.of("name", "field"), "request body");
        String name = Fields.optionalString(body, "name", "");
        if (name == null) {
            String field = Fields.requiredString(body, "field", "give name or ");
            name = c.indexes().stream().filter(i -> i.spec().fields().size() == 1 && i.spec().fields().get(0).path()
                    .equals(field)).map(i -> i.spec().name()).findFirst().orElse(null);
        }
        if (name == null || !c.dropIndex(name)) {
            throw new HttpException(404, "no such index on collection '" + c.name() + "'");
        }
        return Responses.success();
    }

    private static String required(HttpServerExchange exchange, String name) {
        String v = StoreHandlers.param(exchange, name);
        if (v == null) {
            throw new ValidationException("query parameter " + name + " is missing");
        }
        return v;
    }
}
