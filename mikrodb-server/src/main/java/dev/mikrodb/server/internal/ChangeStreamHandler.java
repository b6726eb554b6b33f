package dev.mikrodb.server.internal;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Subscription;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.ChangeEventCodec;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /events?tableName=}: change events as Server-Sent Events ({@code event:} the operation, {@code data:} the
 * event JSON, {@code id:} a per-connection sequence number), in commit order, for as long as the client stays. Each
 * connection is one store subscription, closed with the connection. Non-blocking: no worker thread is held.
 */
public final class ChangeStreamHandler implements HttpHandler {
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    private final ServerSentEventHandler sse;

    public ChangeStreamHandler(MikroStore store) {
        this.sse = new ServerSentEventHandler((connection, lastEventId) -> {
            String table = first(connection, "tableName");
            Subscription subscription = store.subscribe(table, new Forwarder(connection)::forward);
            connection.setKeepAliveTime(KEEP_ALIVE_MILLIS);
            connection.addCloseTask(c -> subscription.close());
            // Tells the client its subscription is live, so it can promise to see every later commit.
            connection.send("{}", "ready", "0", null);
        });
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String table = StoreHandlers.param(exchange, "tableName");
        if (table != null) {
            // Answer 400 now, since no error can follow a started stream. A name check only: this is an IO thread.
            Fields.checkTableName(table);
        }
        sse.handleRequest(exchange);
    }

    /** Closes every open stream, so a graceful shutdown does not wait for clients that never leave. */
    public void closeAll() {
        for (ServerSentEventConnection c : sse.getConnections()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the client is gone either way
            }
        }
    }

    private static String first(ServerSentEventConnection connection, String name) {
        var values = connection.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static final class Forwarder {
        private final ServerSentEventConnection connection;
        private final AtomicLong sequence = new AtomicLong();

        Forwarder(ServerSentEventConnection connection) {
            this.connection = connection;
        }

        void forward(ChangeEvent event) {
            if (connection.isOpen()) {
                connection.send(ChangeEventCodec.toText(event), event.operation(),
                        String.valueOf(sequence.incrementAndGet()), null);
            }
        }
    }
}
