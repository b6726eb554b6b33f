package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.Explained;
import dev.mikrodb.Item;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.ItemCodec;
import dev.mikrodb.wire.KeyReadBody;
import dev.mikrodb.wire.QueryCodec;
import dev.mikrodb.wire.SingleWriteBody;
import dev.mikrodb.wire.WireHeaders;
import dev.mikrodb.wire.WireJson;
import dev.mikrodb.wire.WriteAnswer;
import dev.mikrodb.wire.WriteRequestCodec;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One method per endpoint: parse the request, make one store call, write the answer. The route table lives in
 * {@code MikroServer}; errors are mapped by {@link ErrorMappingHandler}.
 */
public final class StoreHandlers {
    private static final Set<String> GET_FIELDS = Set.of("databaseName", "tableName", "key", "options",
            "withMetadata", "explain");
    /** A key read's header names, made once: Undertow checks every character of a name when it is made. */
    private static final Map<String, HttpString> ITEM_HEADERS = Stream.of(WireHeaders.ETAG, WireHeaders.VERSION,
            WireHeaders.TIMESTAMP, WireHeaders.EXPIRATION, WireHeaders.CREATE_REVISION, WireHeaders.MOD_REVISION)
            .collect(Collectors.toUnmodifiableMap(Function.identity(), HttpString::new));

    private final MikroStore store;
    private final String dbName;
    private final long startedAt = System.currentTimeMillis();

    public StoreHandlers(MikroStore store, String dbName) {
        this.store = store;
        this.dbName = dbName;
    }

    /**
     * {@code POST /get}: one item by key (body = its value; ETag and X-MikroDB-* headers = version, timestamp,
     * expiration), or a query (body = array of values, or of {key, value, version, timestamp, expiration} objects with
     * {@code "withMetadata": true}).
     */
    public void get(HttpServerExchange exchange) throws IOException {
        KeyReadBody read = RequestBodies.keyRead(exchange);
        if (read != null) {
            answerItem(exchange, in(read.databaseName()), read.tableName(), read.key());
            return;
        }
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        Fields.checkAllowed(body, GET_FIELDS, "request body");
        MikroStore store = in(Fields.optionalString(body, "databaseName", ""));
        String table = Fields.requiredString(body, "tableName", "");
        String key = Fields.optionalString(body, "key", "");
        if (key != null) {
            if (body.has("options")) {
                throw new ValidationException("give key or options, not both");
            }
            answerItem(exchange, store, table, key);
            return;
        }
        Boolean withMetadata = Fields.optionalBoolean(body, "withMetadata", "");
        if (Boolean.TRUE.equals(Fields.optionalBoolean(body, "explain", ""))) {
            Explained e = store.explain(table, QueryCodec.read(body.get("options")));
            ObjectNode answer = WireJson.object();
            answer.set("plan", dev.mikrodb.wire.IndexCodec.toJson(e.plan()));
            answer.set("results", WireJson.parseAnswer(ItemCodec.toBytes(e.results(), Boolean.TRUE.equals(
                    withMetadata), false)));
            Responses.json(exchange, 200, answer);
            return;
        }
        List<Item> items = store.query(table, QueryCodec.read(body.get("options")));
        Responses.bytes(exchange, 200, ItemCodec.toBytes(items, Boolean.TRUE.equals(withMetadata), false));
    }

    /** {@code POST /write}: one write (an object) or an atomic batch (an array). */
    public void write(HttpServerExchange exchange) throws IOException {
        SingleWriteBody single = RequestBodies.singleWrite(exchange);
        if (single != null) { // the value's bytes as they arrived, no tree (see SingleWriteBody)
            WriteRequest request = single.request();
            answerWrite(exchange, in(single.databaseName()).write(request));
            return;
        }
        JsonNode body = RequestBodies.readJson(exchange);
        if (body.isArray()) {
            if (body.isEmpty()) {
                throw new ValidationException("a write batch must contain at least one write");
            }
            List<WriteRequest> requests = new ArrayList<>(body.size());
            String database = null;
            for (int i = 0; i < body.size(); i++) {
                String where = "write " + i + " of the batch: ";
                requests.add(WriteRequestCodec.read(body.get(i), where));
                String db = Fields.optionalString(body.get(i), "databaseName", where);
                if (i > 0 && !java.util.Objects.equals(db, database)) {
                    throw new ValidationException(where + "databaseName differs from the batch's first write; an "
                            + "atomic batch stays within one database");
                }
                database = db;
            }
            MikroStore store = in(database);
            List<Long> versions = store.writeBatch(requests);
            ObjectNode answer = Responses.success();
            ArrayNode array = answer.putArray("versions");
            versions.forEach(array::add);
            Responses.json(exchange, 200, answer);
            return;
        }
        WriteRequest request = WriteRequestCodec.read(body, "");
        answerWrite(exchange, in(Fields.optionalString(body, "databaseName", "")).write(request));
    }

    /** The answer of the most frequent request, written directly ({@link WriteAnswer}). */
    private static void answerWrite(HttpServerExchange exchange, long version) {
        Responses.bytes(exchange, 200, WriteAnswer.of(version));
    }

    /** {@code DELETE /delete?tableName=&key=&expectedVersion=}. */
    public void delete(HttpServerExchange exchange) {
        String table = requiredParam(exchange, "tableName");
        String key = requiredParam(exchange, "key");
        String expected = param(exchange, "expectedVersion");
        boolean deleted;
        if (expected == null) {
            deleted = in(param(exchange, "databaseName")).delete(table, key);
        } else {
            long version;
            try {
                version = Long.parseLong(expected);
            } catch (NumberFormatException e) {
                throw new ValidationException("expectedVersion must be a non-negative integer; got '" + expected + "'");
            }
            deleted = in(param(exchange, "databaseName")).delete(table, key, version);
        }
        if (!deleted) {
            throw new HttpException(404, "no item with key '" + key + "' in table '" + table + "'");
        }
        Responses.json(exchange, 200, Responses.success());
    }

    /** {@code GET /table?tableName=}: size of a table. */
    public void tableInfo(HttpServerExchange exchange) {
        String table = requiredParam(exchange, "tableName");
        MikroStore store = in(param(exchange, "databaseName"));
        if (!store.tableExists(table)) {
            throw new HttpException(404, "no table named '" + table + "'");
        }
        Responses.json(exchange, 200, WireJson.object().put("tableName", table)
                .put("size", store.tableSize(table)));
    }

    /** {@code DELETE /table?tableName=}: drop a table. */
    public void dropTable(HttpServerExchange exchange) {
        String table = requiredParam(exchange, "tableName");
        if (!in(param(exchange, "databaseName")).deleteTable(table)) {
            throw new HttpException(404, "no table named '" + table + "'");
        }
        Responses.json(exchange, 200, Responses.success());
    }

    public void tables(HttpServerExchange exchange) {
        Responses.json(exchange, 200, in(param(exchange, "databaseName")).tables());
    }

    public void health(HttpServerExchange exchange) {
        Responses.json(exchange, 200, WireJson.object().put("status", "ok").put("dbName", dbName)
                .put("uptimeMs", System.currentTimeMillis() - startedAt)
                .put("protocol", exchange.getProtocol().toString()));
    }

    public void flush(HttpServerExchange exchange) {
        store.flush();
        Responses.json(exchange, 200, Responses.success());
    }

    public void flushWal(HttpServerExchange exchange) {
        store.flushWAL();
        Responses.json(exchange, 200, Responses.success());
    }

    public void cleanup(HttpServerExchange exchange) {
        int removed = store.cleanupExpiredItems();
        Responses.json(exchange, 200, Responses.success().put("removed", removed));
    }

    /** {@code POST /dump {tableName?}}: writes dump files on the server; answers their names. */
    public void dump(HttpServerExchange exchange) throws IOException {
        String table = null;
        if (!RequestBodies.isEmpty(exchange)) {
            JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
            Fields.checkAllowed(body, Set.of("tableName"), "request body");
            table = Fields.optionalString(body, "tableName", "");
        }
        ObjectNode answer = Responses.success();
        ArrayNode files = answer.putArray("files");
        store.dump(table).forEach(files::add);
        Responses.json(exchange, 200, answer);
    }

    /** The store of database {@code name}: the one served for null (the key-value API's {@code default}). */
    /** A key read's answer: the bare value, its metadata in headers; 404 when there is no such item. */
    private static void answerItem(HttpServerExchange exchange, MikroStore store, String table, String key)
            throws IOException {
        Item item = store.get(table, key).orElseThrow(() -> new HttpException(404, "no item with key '" + key
                + "' in table '" + table + "'"));
        ItemCodec.writeHeaders(item, (name, value) -> {
            HttpString made = ITEM_HEADERS.get(name);
            exchange.getResponseHeaders().put(made != null ? made : new HttpString(name), value);
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        item.writeValueTo(out);
        Responses.bytes(exchange, 200, out.toByteArray());
    }

    private MikroStore in(String database) {
        return database == null ? store : store.inDatabase(database);
    }

    // ------------------------------------------------------------------ query parameters

    static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /**
     * A parameter of the route's path template. Read from the match, not the query parameters Undertow copies it
     * into, so {@code ?db=other} cannot stand in for the path's database (access control checks the path).
     */
    static String pathParam(HttpServerExchange exchange, String name) {
        return exchange.getAttachment(io.undertow.util.PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    }

    private static String requiredParam(HttpServerExchange exchange, String name) {
        String v = param(exchange, name);
        if (v == null) {
            throw new ValidationException("query parameter " + name + " is missing");
        }
        return v;
    }
}
