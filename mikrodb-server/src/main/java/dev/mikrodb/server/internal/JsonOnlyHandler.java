package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Locale;

/**
 * Refuses POST requests whose body is not declared as JSON (415). Browsers send text/plain, form and multipart POSTs
 * to any origin without asking first (CORS "simple requests"), so accepting them would let any web page change the
 * database; a JSON content type forces a preflight that CORS then refuses. A POST with neither body nor Content-Type
 * (curl -X POST .../flush) passes: a browser would have sent an Origin, which CORS checks.
 */
public final class JsonOnlyHandler implements HttpHandler {
    private final HttpHandler next;

    public JsonOnlyHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestMethod().equals(Methods.POST) || exchange.getRequestMethod().equals(Methods.PUT)) {
            String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            // No body: Content-Length 0, or (curl -X POST) neither Content-Length nor Transfer-Encoding.
            boolean noBody = exchange.getRequestContentLength() == 0 || (exchange.getRequestContentLength() < 0
                    && !exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING));
            boolean bodiless = type == null && noBody;
            if (!bodiless && !isJson(type)) {
                Responses.error(exchange, 415, "Content-Type must be application/json"
                        + (type == null ? " (none was sent)" : "; got '" + type + "'"));
                return;
            }
        }
        next.handleRequest(exchange);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }
}
