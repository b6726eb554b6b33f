package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.util.AttachmentKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts finished requests by route template and status, for {@code mikrodb_http_requests_total}. Labels stay
 * bounded: a route is a template of the route table ({@code POST /db/{db}/{coll}/{op}}), never a path, and a request
 * that matched no route (or was refused before routing) counts as {@code other}.
 */
public final class RequestCounter {
    static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Labels the exchange with its route (for routes served outside the router). */
    public static void markRoute(io.undertow.server.HttpServerExchange exchange, String route) {
        exchange.putAttachment(ROUTE, route);
    }

    /** Wraps the chain: every exchange is counted when it completes. */
    public HttpHandler counting(HttpHandler next) {
        return exchange -> {
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                String route = ex.getAttachment(ROUTE);
                counts.computeIfAbsent((route == null ? "other" : route) + '\u0000' + ex.getStatusCode(),
                        k -> new LongAdder()).increment();
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }

    /** {route, status} to count. */
    Map<String[], Long> snapshot() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        Map<String[], Long> out = new java.util.LinkedHashMap<>();
        sorted.forEach((k, v) -> out.put(k.split("\u0000", 2), v));
        return out;
    }
}
