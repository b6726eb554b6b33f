package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;

/** The JSON request body, read before dispatch by {@link BodyReadingHandler} and parsed strictly here. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static JsonNode readJson(HttpServerExchange exchange) {
        byte[] body = BodyReadingHandler.body(exchange);
        if (body.length == 0) {
            throw new HttpException(400, "request body is empty; expected JSON");
        }
        return WireJson.parse(body, "request body");
    }

    /** Whether the request came with a body at all. */
    public static boolean isEmpty(HttpServerExchange exchange) {
        return BodyReadingHandler.body(exchange).length == 0;
    }
}
