package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Requires the API key on every request but {@code GET /health}, as {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}. Compares SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken reveals
 * neither the key nor its length.
 */
public final class ApiKeyHandler implements HttpHandler {
    private final HttpHandler next;
    private final byte[] expectedDigest;

    public ApiKeyHandler(HttpHandler next, String apiKey) {
        this.next = next;
        this.expectedDigest = digest(apiKey);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestPath().equals("/health") || authorized(exchange)) {
            next.handleRequest(exchange);
            return;
        }
        exchange.getResponseHeaders().put(new HttpString("WWW-Authenticate"), "Bearer");
        Responses.error(exchange, 401, "missing or wrong API key; send Authorization: Bearer <key> or X-API-Key");
    }

    private boolean authorized(HttpServerExchange exchange) {
        String presented = exchange.getRequestHeaders().getFirst("X-API-Key");
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (presented == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = auth.substring(7).trim();
        }
        return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
