package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.URLDecodingHandler;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes the request's path and parameters, which the listener leaves percent-encoded
 * ({@code UndertowOptions.DECODE_URL} off), with Undertow's own {@link URLDecodingHandler}: the same decoding its
 * parser does ({@code +} a space in parameters only). What this adds is the failure: the parser answers a malformed
 * escape such as {@code %zz} with an empty 400 and closes the connection, and lets escapes that are not UTF-8 become
 * U+FFFD, which would then name another key. Both get this API's JSON 400 here (docs/http-api.md).
 */
public final class UrlDecodingHandler implements HttpHandler {
    /** What the decoder puts in place of bytes that are not UTF-8. */
    private static final String REPLACEMENT = "\uFFFD";
    /** The library's decoder, run on its own: {@link #next} is called outside its failure handling. */
    private static final HttpHandler DECODE = new URLDecodingHandler(exchange -> { }, StandardCharsets.UTF_8.name());

    private final HttpHandler next;

    public UrlDecodingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String problem = null;
        try {
            DECODE.handleRequest(exchange);
            if (escaped(exchange) && replacements(exchange) > spelledOutReplacements(rawUrl(exchange))) {
                problem = "has percent-escapes that are not UTF-8";
            }
        } catch (IllegalArgumentException e) {
            problem = "is not validly percent-encoded (each % must be followed by two hexadecimal digits)";
        }
        if (problem != null) {
            String url = rawUrl(exchange);
            Responses.error(exchange, 400, "the request URL " + problem + ": "
                    + (url.length() <= 200 ? url : url.substring(0, 200) + "..."));
            return;
        }
        next.handleRequest(exchange);
    }

    /** Whether the URL has any escape; most requests (every key read and write in a body) have none. */
    private static boolean escaped(HttpServerExchange exchange) {
        return exchange.getRequestURI().indexOf('%') >= 0 || exchange.getQueryString().indexOf('%') >= 0;
    }

    /** The URL as it arrived (decoding leaves these two as they were). */
    private static String rawUrl(HttpServerExchange exchange) {
        return exchange.getRequestURI() + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
    }

    /** U+FFFD in the decoded path, parameter names and values. */
    private static int replacements(HttpServerExchange exchange) {
        int n = count(exchange.getRequestPath(), REPLACEMENT);
        for (Map<String, Deque<String>> parameters : java.util.List.of(exchange.getQueryParameters(),
                exchange.getPathParameters())) {
            for (Map.Entry<String, Deque<String>> p : parameters.entrySet()) {
                n += count(p.getKey(), REPLACEMENT);
                for (String v : p.getValue()) {
                    n += count(v, REPLACEMENT);
                }
            }
        }
        return n;
    }

    /** U+FFFD the raw URL asks for: escaped ({@code %EF%BF%BD}) or as the character itself. */
    private static int spelledOutReplacements(String url) {
        return count(url.toUpperCase(Locale.ROOT), "%EF%BF%BD") + count(url, REPLACEMENT);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }
}
