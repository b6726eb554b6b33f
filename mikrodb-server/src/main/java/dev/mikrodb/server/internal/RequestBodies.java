package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.wire.KeyReadBody;
import dev.mikrodb.wire.SingleWriteBody;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.function.Function;

/** The JSON request body, read before dispatch by {@link BodyReadingHandler} and parsed strictly here. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** The body as parsed already (by access control's look at a limited grant), so it is parsed once. */
    private static final AttachmentKey<JsonNode> PARSED = AttachmentKey.create(JsonNode.class);

    public static JsonNode readJson(HttpServerExchange exchange) {
        JsonNode parsed = exchange.getAttachment(PARSED);
        if (parsed != null) {
            return parsed;
        }
        byte[] body = BodyReadingHandler.body(exchange);
        if (body.length == 0) {
            throw new HttpException(400, "request body is empty; expected JSON");
        }
        return WireJson.parse(body, "request body");
    }

    /** Parses the body for a look before the handler, keeping the result for {@link #readJson}. */
    static JsonNode parseForInspection(HttpServerExchange exchange) {
        JsonNode json = WireJson.parse(BodyReadingHandler.body(exchange), "request body");
        exchange.putAttachment(PARSED, json);
        return json;
    }

    private static final AttachmentKey<SingleWriteBody> SINGLE_WRITE = AttachmentKey.create(SingleWriteBody.class);

    /**
     * A single write's body read with its value kept as bytes ({@link SingleWriteBody}), once per request; null when
     * it must be read as a tree: a batch, anything {@code SingleWriteBody} does not vouch for, or a body parsed as a
     * tree already.
     */
    static SingleWriteBody singleWrite(HttpServerExchange exchange) {
        return readOnce(exchange, SINGLE_WRITE, SingleWriteBody::parse);
    }

    private static final AttachmentKey<KeyReadBody> KEY_READ = AttachmentKey.create(KeyReadBody.class);

    /**
     * A {@code POST /get} by key read without a tree ({@link KeyReadBody}), once per request; null when it must be
     * read as a tree: a query, anything {@code KeyReadBody} does not vouch for, or a body parsed as a tree already.
     */
    static KeyReadBody keyRead(HttpServerExchange exchange) {
        return readOnce(exchange, KEY_READ, KeyReadBody::parse);
    }

    /** The body as {@code reader} reads it, kept under {@code key}; null when it declines or a tree was parsed. */
    private static <T> T readOnce(HttpServerExchange exchange, AttachmentKey<T> key, Function<byte[], T> reader) {
        T read = exchange.getAttachment(key);
        if (read == null && exchange.getAttachment(PARSED) == null) {
            read = reader.apply(BodyReadingHandler.body(exchange));
            if (read != null) {
                exchange.putAttachment(key, read);
            }
        }
        return read;
    }

    /** Whether the request came with a body at all. */
    public static boolean isEmpty(HttpServerExchange exchange) {
        return BodyReadingHandler.body(exchange).length == 0;
    }
}
