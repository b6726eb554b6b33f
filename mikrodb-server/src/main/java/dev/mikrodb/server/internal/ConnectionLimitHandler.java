package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections one client address may hold open (503 and the connection closed beyond it), so one host cannot
 * take every connection the server has. A connection is counted from its first request until it closes.
 */
public final class ConnectionLimitHandler implements HttpHandler {
    private static final AttachmentKey<Boolean> COUNTED = AttachmentKey.create(Boolean.class);
    private HttpHandler next;
    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder total = new java.util.concurrent.atomic.LongAdder();

    public ConnectionLimitHandler(HttpHandler next, int maxPerClient) {
        this.next = next;
        this.maxPerClient = maxPerClient;
    }

    /** A limit whose handler is given later ({@link #wrapping}), so its counts can be shown by the routes it guards. */
    public ConnectionLimitHandler(int maxPerClient) {
        this(null, maxPerClient);
    }

    /** Sets the handler this limit passes requests to; returns this. */
    public ConnectionLimitHandler wrapping(HttpHandler handler) {
        this.next = handler;
        return this;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        if (connection.getAttachment(COUNTED) == null) {
            String client = exchange.getSourceAddress().getAddress().getHostAddress();
            AtomicInteger count = open.computeIfAbsent(client, c -> new AtomicInteger());
            if (count.incrementAndGet() > maxPerClient) {
                count.decrementAndGet();
                exchange.setPersistent(false);
                Responses.error(exchange, 503, "too many connections from " + client + " (at most " + maxPerClient
                        + "); reuse connections or close some");
                return;
            }
            connection.putAttachment(COUNTED, Boolean.TRUE);
            active.incrementAndGet();
            total.increment();
            connection.addCloseListener(c -> {
                active.decrementAndGet();
                if (count.decrementAndGet() <= 0) {
                    open.remove(client, count);
                }
            });
        }
        next.handleRequest(exchange);
    }

    /** Connections open now (from their first request), and connections since start. */
    public long[] connections() {
        return new long[] {active.get(), total.sum()};
    }

    /** Open connections of one client; for tests. */
    int openConnections(String client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }
}
