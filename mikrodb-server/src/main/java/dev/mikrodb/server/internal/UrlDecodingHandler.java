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
    /** What the decoder puts in place of bytes that are not UTF-8. */
    private static final String REPLACEMENT = "\uFFFD";

    private final HttpHandler next;

    public UrlDecodingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        try {
            decode(exchange);
        } catch (IllegalArgumentException e) {
            String url = exchange.getRequestURI()
                    + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
            Responses.error(exchange, 400, "the request URL " + (e instanceof NotUtf8 ? "has percent-escapes that "
                    + "are not UTF-8" : "is not validly percent-encoded (each % must be followed by two hexadecimal "
                    + "digits)") + ": " + (url.length() <= 200 ? url : url.substring(0, 200) + "..."));
            return;
        }
        next.handleRequest(exchange);
    }

    /** Escapes that decode to bytes which are not UTF-8 (the decoder would put U+FFFD in their place). */
    private static final class NotUtf8 extends IllegalArgumentException {
        NotUtf8() {
            super("percent-escapes that are not UTF-8");
        }
    }

    /** A request with no escape in its path and no query (every key read and write in a body) costs two scans. */
    private static void decode(HttpServerExchange exchange) {
        StringBuilder scratch = new StringBuilder();
        if (exchange.getRequestPath().indexOf('%') >= 0) {
            boolean slash = URLUtils.getSlashDecodingFlag(exchange.getConnection().getUndertowOptions());
            exchange.setRequestPath(decoded(exchange.getRequestPath(), slash, false, scratch));
            exchange.setRelativePath(decoded(exchange.getRelativePath(), slash, false, scratch));
            exchange.setResolvedPath(decoded(exchange.getResolvedPath(), slash, false, scratch));
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
            Deque<String> values = decoded.computeIfAbsent(decoded(p.getKey(), true, true, scratch),
                    k -> new ArrayDeque<>());
            for (String v : p.getValue()) {
                values.add(decoded(v, true, true, scratch));
            }
        }
        parameters.clear();
        parameters.putAll(decoded);
    }

    /**
     * {@code raw} decoded, refusing escapes that are not UTF-8: the decoder turns them into U+FFFD, so a decoded
     * string with more of those than the raw one spelled out ({@code %EF%BF%BD}, or the character itself) had some.
     */
    private static String decoded(String raw, boolean slash, boolean form, StringBuilder scratch) {
        String decoded = URLUtils.decode(raw, CHARSET, slash, form, scratch);
        if (decoded != raw && decoded.contains(REPLACEMENT) && count(decoded, REPLACEMENT)
                > count(raw.toUpperCase(java.util.Locale.ROOT), "%EF%BF%BD") + count(raw, REPLACEMENT)) {
            throw new NotUtf8();
        }
        return decoded;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
