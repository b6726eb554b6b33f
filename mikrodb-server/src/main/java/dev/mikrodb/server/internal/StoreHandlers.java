package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.Item;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Query;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One method per endpoint: parse the request, make one store call, write the answer. The route table lives in
 * {@code MikroServer}; errors are mapped by {@link ErrorMappingHandler}.
 */
public final class StoreHandlers {
    private static final Set<String> WRITE_FIELDS = Set.of("tableName", "key", "value", "expectedVersion",
            "expiration", "ttl", "flushImmediately", "concurrencyLimit");
    private static final Set<String> GET_FIELDS = Set.of("tableName", "key", "options", "withMetadata");
    static final String VERSION_HEADER = "X-MikroDB-Version";
    static final String TIMESTAMP_HEADER = "X-MikroDB-Timestamp";
    static final String EXPIRATION_HEADER = "X-MikroDB-Expiration";
    /** An "expiration" below this is almost certainly seconds or a relative value, not epoch milliseconds. */
    private static final long PLAUSIBLE_EPOCH_MILLIS = 100_000_000_000L;

    private final MikroStore store;
    private final long maxBodyBytes;
    private final String dbName;
    private final long startedAt = System.currentTimeMillis();

    public StoreHandlers(MikroStore store, long maxBodyBytes, String dbName) {
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
        this.dbName = dbName;
    }

    /**
     * {@code POST /get}: one item by key (body = its value; ETag and X-MikroDB-* headers = version, timestamp,
     * expiration), or a query (body = array of values, or of {key, value, version, timestamp, expiration} objects with
     * {@code "withMetadata": true}).
     */
    public void get(HttpServerExchange exchange) throws IOException {
        JsonNode body = object(RequestBodies.readJson(exchange, maxBodyBytes), "request body");
        checkFields(body, GET_FIELDS, "request body");
        String table = requiredString(body, "tableName", "");
        JsonNode key = body.get("key");
        if (key != null && !key.isNull()) {
            if (body.has("options")) {
                throw new ValidationException("give key or options, not both");
            }
            if (!key.isTextual()) {
                throw new ValidationException("key must be a string; got " + key);
            }
            Optional<Item> item = store.get(table, key.textValue());
            if (item.isEmpty()) {
                throw new HttpException(404, "no item with key '" + key.textValue() + "' in table '" + table + "'");
            }
            var headers = exchange.getResponseHeaders();
            headers.put(Headers.ETAG, "\"" + item.get().version() + "\"");
            headers.put(new io.undertow.util.HttpString(VERSION_HEADER), item.get().version());
            headers.put(new io.undertow.util.HttpString(TIMESTAMP_HEADER), item.get().timestamp());
            if (item.get().hasExpiration()) {
                headers.put(new io.undertow.util.HttpString(EXPIRATION_HEADER), item.get().expiration());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            item.get().writeValueTo(out);
            Responses.bytes(exchange, 200, out.toByteArray());
            return;
        }
        JsonNode withMetadata = body.get("withMetadata");
        if (withMetadata != null && !withMetadata.isBoolean() && !withMetadata.isNull()) {
            throw new ValidationException("withMetadata must be true or false; got " + withMetadata);
        }
        boolean metadata = withMetadata != null && withMetadata.asBoolean();
        List<Item> items = store.query(table, Query.fromJson(body.get("options")));
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, items.size() * 64));
        out.write('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Item item = items.get(i);
            if (metadata) {
                out.write(("{\"key\":" + Json.quote(item.key())
                        + ",\"value\":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                item.writeValueTo(out);
                out.write((",\"version\":" + item.version() + ",\"timestamp\":" + item.timestamp()
                        + ",\"expiration\":" + (item.hasExpiration() ? String.valueOf(item.expiration()) : "null")
                        + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                item.writeValueTo(out);
            }
        }
        out.write(']');
        Responses.bytes(exchange, 200, out.toByteArray());
    }

    /** {@code POST /write}: one write (an object) or an atomic batch (an array). */
    public void write(HttpServerExchange exchange) throws IOException {
        JsonNode body = RequestBodies.readJson(exchange, maxBodyBytes);
        if (body.isArray()) {
            if (body.isEmpty()) {
                throw new ValidationException("a write batch must contain at least one write");
            }
            List<WriteRequest> requests = new ArrayList<>(body.size());
            for (int i = 0; i < body.size(); i++) {
                requests.add(parseWrite(body.get(i), "write " + i + " of the batch: "));
            }
            List<Long> versions = store.writeBatch(requests);
            ObjectNode answer = Responses.success();
            ArrayNode array = answer.putArray("versions");
            versions.forEach(array::add);
            Responses.json(exchange, 200, answer);
            return;
        }
        long version = store.write(parseWrite(body, ""));
        Responses.json(exchange, 200, Responses.success().put("version", version));
    }

    static WriteRequest parseWrite(JsonNode op, String where) {
        object(op, where.isEmpty() ? "request body" : where.substring(0, where.length() - 2));
        checkFields(op, WRITE_FIELDS, where.isEmpty() ? "request body" : where.substring(0, where.length() - 2));
        String table = requiredString(op, "tableName", where);
        String key = requiredString(op, "key", where);
        if (!op.has("value")) {
            throw new ValidationException(where + "value is missing; send \"value\": null to store JSON null");
        }
        WriteRequest.Builder b = WriteRequest.builder(table, key).value(op.get("value"));
        JsonNode expected = op.get("expectedVersion");
        if (expected != null && !expected.isNull()) {
            b.expectedVersion(nonNegativeLong(expected, where + "expectedVersion"));
        }
        JsonNode expiration = op.get("expiration");
        if (expiration != null && !expiration.isNull()) {
            long millis = nonNegativeLong(expiration, where + "expiration");
            if (millis < PLAUSIBLE_EPOCH_MILLIS) {
                throw new ValidationException(where + "expiration " + millis + " is not an absolute time: it is "
                        + "epoch milliseconds; for a lifetime in seconds use \"ttl\"");
            }
            b.expiration(millis);
        }
        JsonNode ttl = op.get("ttl");
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.isNumber() || ttl.doubleValue() <= 0 || ttl.doubleValue() > 1e12) {
                throw new ValidationException(where + "ttl must be a positive number of seconds; got " + ttl);
            }
            b.ttl(Duration.ofMillis(Math.max(1, Math.round(ttl.doubleValue() * 1000))));
        }
        JsonNode flush = op.get("flushImmediately");
        if (flush != null && !flush.isNull()) {
            if (!flush.isBoolean()) {
                throw new ValidationException(where + "flushImmediately must be true or false; got " + flush);
            }
            b.flushImmediately(flush.booleanValue());
        }
        return b.build();
    }

    /** {@code DELETE /delete?tableName=&key=&expectedVersion=}. */
    public void delete(HttpServerExchange exchange) {
        String table = requiredParam(exchange, "tableName");
        String key = requiredParam(exchange, "key");
        String expected = param(exchange, "expectedVersion");
        boolean deleted;
        if (expected == null) {
            deleted = store.delete(table, key);
        } else {
            long version;
            try {
                version = Long.parseLong(expected);
            } catch (NumberFormatException e) {
                throw new ValidationException("expectedVersion must be a non-negative integer; got '" + expected + "'");
            }
            deleted = store.delete(table, key, version);
        }
        if (!deleted) {
            throw new HttpException(404, "no item with key '" + key + "' in table '" + table + "'");
        }
        Responses.json(exchange, 200, Responses.success());
    }

    /** {@code GET /table?tableName=}: size of a table. */
    public void tableInfo(HttpServerExchange exchange) {
        String table = requiredParam(exchange, "tableName");
        if (!store.tableExists(table)) {
            throw new HttpException(404, "no table named '" + table + "'");
        }
        Responses.json(exchange, 200, Json.MAPPER.createObjectNode().put("tableName", table)
                .put("size", store.tableSize(table)));
    }

    /** {@code DELETE /table?tableName=}: drop a table. */
    public void dropTable(HttpServerExchange exchange) {
        String table = requiredParam(exchange, "tableName");
        if (!store.deleteTable(table)) {
            throw new HttpException(404, "no table named '" + table + "'");
        }
        Responses.json(exchange, 200, Responses.success());
    }

    public void tables(HttpServerExchange exchange) {
        Responses.json(exchange, 200, store.tables());
    }

    public void health(HttpServerExchange exchange) {
        Responses.json(exchange, 200, Json.MAPPER.createObjectNode().put("status", "ok").put("dbName", dbName)
                .put("uptimeMs", System.currentTimeMillis() - startedAt));
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
        String length = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        String table = null;
        if (length == null || !length.trim().equals("0")) {
            JsonNode body = object(RequestBodies.readJson(exchange, maxBodyBytes), "request body");
            checkFields(body, Set.of("tableName"), "request body");
            JsonNode t = body.get("tableName");
            if (t != null && !t.isNull()) {
                table = requiredString(body, "tableName", "");
            }
        }
        ObjectNode answer = Responses.success();
        ArrayNode files = answer.putArray("files");
        store.dump(table).forEach(files::add);
        Responses.json(exchange, 200, answer);
    }

    // ------------------------------------------------------------------ parsing helpers

    private static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ValidationException(what + " must be a JSON object");
        }
        return node;
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String what) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new ValidationException(what + " has unknown field '" + name + "'; expected "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        });
    }

    private static String requiredString(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new ValidationException(where + field + " is missing");
        }
        if (!v.isTextual()) {
            throw new ValidationException(where + field + " must be a string; got " + v);
        }
        return v.textValue();
    }

    private static long nonNegativeLong(JsonNode v, String what) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new ValidationException(what + " must be a non-negative integer; got " + v);
        }
        return v.longValue();
    }

    static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String requiredParam(HttpServerExchange exchange, String name) {
        String v = param(exchange, name);
        if (v == null) {
            throw new ValidationException("query parameter " + name + " is missing");
        }
        return v;
    }
}
