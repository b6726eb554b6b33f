package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes JSON responses; every error body is {@code {"error": "..."}}. */
public final class Responses {
    private Responses() {
    }

    public static void json(HttpServerExchange exchange, int status, Object body) {
        bytes(exchange, status, WireJson.toBytes(body));
    }

    /** Sends the answer now, or, for a write on the IO thread still waiting for its fsync, once it is durable. */
    public static void bytes(HttpServerExchange exchange, int status, byte[] json) {
        if (!DeferredAnswers.sendWhenDurable(exchange, () -> send(exchange, status, json))) {
            send(exchange, status, json);
        }
    }

    private static void send(HttpServerExchange exchange, int status, byte[] json) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(json));
    }

    public static void error(HttpServerExchange exchange, int status, String message) {
        ObjectNode body = WireJson.object().put("error", message);
        error(exchange, status, body);
    }

    public static void error(HttpServerExchange exchange, int status, ObjectNode body) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(WireJson.toString(body), StandardCharsets.UTF_8);
    }

    public static ObjectNode success() {
        return WireJson.object().put("success", true);
    }
}
