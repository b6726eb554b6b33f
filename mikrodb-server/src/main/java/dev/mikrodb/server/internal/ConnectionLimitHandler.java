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
    private final HttpHandler next;
    private final int maxPerClient;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final ConnectionCounts counts;

    /** @param counts where connections opened and closed are counted (for the stats) */
    public ConnectionLimitHandler(HttpHandler next, int maxPerClient, ConnectionCounts counts) {
        this.next = next;
        this.maxPerClient = maxPerClient;
        this.counts = counts;
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
            counts.opened();
            connection.addCloseListener(c -> {
                counts.closed();
                if (count.decrementAndGet() <= 0) {
                    open.remove(client, count);
                }
            });
        }
        next.handleRequest(exchange);
    }

    /** Open connections of one client; for tests. */
    int openConnections(String client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }
}
