package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.List;

/**
 * CORS for the configured allowed origins ({@code *} allows any). Answers preflight requests itself, before
 * authentication (browsers send no credentials on a preflight). A request carrying an Origin that is not allowed is
 * refused with 403: a browser would hide the answer anyway, and refusing also stops the "simple" cross-site POSTs
 * that CORS alone does not prevent.
 */
public final class CorsHandler implements HttpHandler {
    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Content-Type, Authorization, X-API-Key, Last-Event-ID";
    private final HttpHandler next;
    private final List<String> allowedOrigins;
    private final boolean anyOrigin;

    public CorsHandler(HttpHandler next, List<String> allowedOrigins) {
        this.next = next;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.anyOrigin = allowedOrigins.contains("*");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            if (!anyOrigin && !allowedOrigins.contains(origin)) {
                Responses.error(exchange, 403, "origin " + origin + " is not allowed");
                return;
            }
            var headers = exchange.getResponseHeaders();
            headers.put(new HttpString("Access-Control-Allow-Origin"), anyOrigin ? "*" : origin);
            if (!anyOrigin) {
                headers.add(new HttpString("Vary"), "Origin");
            }
            headers.put(new HttpString("Access-Control-Expose-Headers"), "ETag, Retry-After");
        }
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            var headers = exchange.getResponseHeaders();
            if (origin != null && exchange.getRequestHeaders().contains("Access-Control-Request-Method")) {
                headers.put(new HttpString("Access-Control-Allow-Methods"), ALLOWED_METHODS);
                headers.put(new HttpString("Access-Control-Allow-Headers"), ALLOWED_HEADERS);
                headers.put(new HttpString("Access-Control-Max-Age"), "600");
            }
            headers.put(new HttpString("Allow"), ALLOWED_METHODS);
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        next.handleRequest(exchange);
    }
}
