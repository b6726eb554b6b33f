package dev.mikrodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.json.Json;
import java.time.Duration;
import java.util.Set;

/**
 * Write requests on the wire: {@code {"tableName", "key", "value", "expectedVersion"?, "expiration"?, "ttl"?,
 * "flushImmediately"?}}. {@code expiration} is absolute epoch milliseconds; {@code ttl} is seconds from now.
 */
public final class WriteRequestCodec {
    static final Set<String> FIELDS = Set.of("databaseName", "tableName", "key", "value", "expectedVersion",
            "expiration", "ttl", "flushImmediately", "concurrencyLimit");
    /** An "expiration" below this is almost certainly seconds or a relative value, not epoch milliseconds. */
    private static final long PLAUSIBLE_EPOCH_MILLIS = 100_000_000_000L;
    /** The largest ttl accepted, in seconds: about 31,700 years. */
    private static final double MAX_TTL_SECONDS = 1e12;

    private WriteRequestCodec() {
    }

    public static ObjectNode toJson(WriteRequest r) {
        if (r == null) {
            throw new ValidationException("write request is missing");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("tableName", r.tableName());
        body.put("key", r.key());
        body.set("value", r.value() instanceof JsonNode node ? node : Json.MAPPER.valueToTree(r.value()));
        if (r.expectedVersion() != null) {
            body.put("expectedVersion", r.expectedVersion());
        }
        if (r.expiration() != null) {
            body.put("expiration", r.expiration());
        }
        if (r.ttl() != null) {
            body.put("ttl", ttlSeconds(r.ttl()));
        }
        if (r.flushImmediately()) {
            body.put("flushImmediately", true);
        }
        return body;
    }

    /** @param where prefix for error messages, such as {@code "write 3 of the batch: "}; empty for none */
    public static WriteRequest read(JsonNode op, String where) {
        return read(op, null, where);
    }

    /**
     * {@link #read(JsonNode, String)} for a request whose value was taken out of {@code op} beforehand, as bytes
     * ({@code RawJson}); null reads the value from {@code op}. The checks and their messages are the same.
     */
    public static WriteRequest read(JsonNode op, Object value, String where) {
        String what = where.isEmpty() ? "request body" : where.substring(0, where.length() - 2);
        Fields.requireObject(op, what);
        Fields.checkAllowed(op, FIELDS, what);
        String table = Fields.requiredString(op, "tableName", where);
        String key = Fields.requiredString(op, "key", where);
        if (value == null && !op.has("value")) {
            throw new ValidationException(where + "value is missing; send \"value\": null to store JSON null");
        }
        WriteRequest.Builder b = WriteRequest.builder(table, key).value(value != null ? value : op.get("value"));
        Long expected = Fields.optionalNonNegativeLong(op, "expectedVersion", where);
        if (expected != null) {
            b.expectedVersion(expected);
        }
        Long expiration = Fields.optionalNonNegativeLong(op, "expiration", where);
        if (expiration != null) {
            if (expiration < PLAUSIBLE_EPOCH_MILLIS) {
                throw new ValidationException(where + "expiration " + expiration + " is not an absolute time: it is "
                        + "epoch milliseconds; for a lifetime in seconds use \"ttl\"");
            }
            b.expiration(expiration);
        }
        JsonNode ttl = op.get("ttl");
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.isNumber()) {
                throw new ValidationException(where + "ttl must be a positive number of seconds; got " + ttl);
            }
            b.ttl(ttl(ttl.doubleValue(), where + "ttl"));
        }
        Boolean flush = Fields.optionalBoolean(op, "flushImmediately", where);
        if (flush != null) {
            b.flushImmediately(flush);
        }
        return b.build();
    }

    /** A time to live given in seconds (fractions allowed, at least 1 ms). */
    public static Duration ttl(double seconds, String what) {
        if (!(seconds > 0) || seconds > MAX_TTL_SECONDS) {
            throw new ValidationException(what + " must be a positive number of seconds (at most " + (long) MAX_TTL_SECONDS
                    + "); got " + seconds);
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    /** A time to live in seconds, as the wire carries it. */
    public static double ttlSeconds(Duration ttl) {
        return ttl.toMillis() / 1000.0;
    }
}
