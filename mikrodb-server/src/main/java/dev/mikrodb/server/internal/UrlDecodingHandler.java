package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.URLUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes the request's path and its query and path parameters, which the listener leaves percent-encoded
 * ({@code UndertowOptions.DECODE_URL} off), the way Undertow's own parser would: the path with the listener's slash
 * rule and {@code +} kept, parameters with {@code +} as a space. The point is the failure: the parser answers a
 * malformed escape such as {@code %zz} with an empty 400 and closes the connection, where every error of this API has
 * a JSON body that says what was wrong (docs/http-api.md).
 */
public final class UrlDecodingHandler implements HttpHandler {
    private static final String CHARSET = StandardCharsets.UTF_8.name();

    private final HttpHandler next;

    public UrlDecodingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        try {
            decode(exchange);
        } catch (IllegalArgumentException e) {
            Responses.error(exchange, 400, "the request URL is not validly percent-encoded (each % must be followed by "
                    + "two hexadecimal digits): " + clip(exchange.getRequestURI()));
            return;
        }
        next.handleRequest(exchange);
    }

    /** A request with no escape in its path and no query (every key read and write in a body) costs two scans. */
    private static void decode(HttpServerExchange exchange) {
        StringBuilder scratch = new StringBuilder();
        if (exchange.getRequestPath().indexOf('%') >= 0) {
            boolean slash = URLUtils.getSlashDecodingFlag(exchange.getConnection().getUndertowOptions());
            exchange.setRequestPath(URLUtils.decode(exchange.getRequestPath(), CHARSET, slash, false, scratch));
            exchange.setRelativePath(URLUtils.decode(exchange.getRelativePath(), CHARSET, slash, false, scratch));
            exchange.setResolvedPath(URLUtils.decode(exchange.getResolvedPath(), CHARSET, slash, false, scratch));
        }
        if (!exchange.getQueryString().isEmpty()) {
            replace(exchange.getQueryParameters(), scratch);
        }
        replace(exchange.getPathParameters(), scratch);
    }

    /** Decodes every name and value in place; decoding first, so a failure leaves the map as it was. */
    private static void replace(Map<String, Deque<String>> parameters, StringBuilder scratch) {
        if (parameters.isEmpty()) {
            return;
        }
        Map<String, Deque<String>> decoded = new TreeMap<>();
        for (Map.Entry<String, Deque<String>> p : parameters.entrySet()) {
            Deque<String> values = decoded.computeIfAbsent(URLUtils.decode(p.getKey(), CHARSET, true, true, scratch),
                    k -> new ArrayDeque<>());
            for (String v : p.getValue()) {
                values.add(URLUtils.decode(v, CHARSET, true, true, scratch));
            }
        }
        parameters.clear();
        parameters.putAll(decoded);
    }

    private static String clip(String uri) {
        return uri.length() <= 200 ? uri : uri.substring(0, 200) + "...";
    }
}
