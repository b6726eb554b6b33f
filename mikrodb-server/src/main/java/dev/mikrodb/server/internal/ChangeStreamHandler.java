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
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /events?tableName=}: change events as Server-Sent Events ({@code event:} the operation, {@code data:} the
 * event JSON, {@code id:} the event's revision; the first, {@code ready}, carries the revision at subscription), in
 * commit order, for as long as the client stays. Each
 * connection is one store subscription, closed with the connection. Non-blocking: no worker thread is held.
 */
public final class ChangeStreamHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    private final ServerSentEventHandler sse;

    /** @param revision the database's revision now, sent as the {@code id} of the {@code ready} event */
    public ChangeStreamHandler(MikroStore store, java.util.function.LongSupplier revision) {
        this.sse = new ServerSentEventHandler((connection, lastEventId) -> {
            String table = first(connection, "tableName");
            String database = first(connection, "databaseName");
            Forwarder forwarder = new Forwarder(connection);
            Subscription subscription = (database == null ? store : store.inDatabase(database))
                    .subscribe(table, forwarder::forward);
            forwarder.subscription = subscription;
            connection.setKeepAliveTime(KEEP_ALIVE_MILLIS);
            connection.addCloseTask(c -> subscription.close());
            // Tells the client its subscription is live, so it can promise to see every later commit.
            connection.send("{}", "ready", String.valueOf(revision.getAsLong()), null);
        });
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String table = StoreHandlers.param(exchange, "tableName");
        if (table != null) {
            // Answer 400 now, since no error can follow a started stream. A name check only: this is an IO thread.
            Fields.checkTableName(table);
        }
        String database = StoreHandlers.param(exchange, "databaseName");
        if (database != null) {
            Fields.checkDatabaseName(database);
        }
        sse.handleRequest(exchange);
    }

    /** Closes every open stream, so a graceful shutdown does not wait for clients that never leave. */
    public void closeAll() {
        for (ServerSentEventConnection c : sse.getConnections()) {
            closeQuietly(c);
        }
    }

    private static String first(ServerSentEventConnection connection, String name) {
        var values = connection.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /**
     * Hands events to the connection, and ends a stream whose client has stopped reading: Undertow queues unsent
     * events without limit, so a stuck subscriber would otherwise cost memory without bound. The client reconnects
     * when it is ready (and resumes from where it left off once the change feed is durable).
     */
    static final class Forwarder implements ServerSentEventConnection.EventCallback {
        /** Events handed to Undertow and not yet written to the socket, at most. */
        static final int MAX_UNSENT_EVENTS = 1_000;
        /** Bytes of such events, at most (beyond the one event always allowed, however large). */
        static final long MAX_UNSENT_BYTES = 1L << 20;
        private final ServerSentEventConnection connection;
        private final AtomicInteger unsentEvents = new AtomicInteger();
        private final AtomicLong unsentBytes = new AtomicLong();
        volatile Subscription subscription;

        Forwarder(ServerSentEventConnection connection) {
            this.connection = connection;
        }

        void forward(ChangeEvent event) {
            if (!connection.isOpen()) {
                return;
            }
            String data = ChangeEventCodec.toText(event);
            int events = unsentEvents.incrementAndGet();
            long bytes = unsentBytes.addAndGet(data.length());
            Subscription s = subscription;
            boolean backlog = events > 1 && (events > MAX_UNSENT_EVENTS || bytes > MAX_UNSENT_BYTES);
            if (backlog || (s != null && s.droppedEvents() > 0)) {
                LOG.log(Level.WARNING, "ending a change stream (" + connection.getRequestURI() + ")"
                        + ": the client is not reading (" + (events - 1) + " events, " + (bytes - data.length())
                        + " bytes unsent)");
                closeQuietly(connection);
                return;
            }
            connection.send(data, event.operation(), String.valueOf(event.revision()), this);
        }

        @Override
        public void done(ServerSentEventConnection c, String data, String event, String id) {
            sent(data);
        }

        @Override
        public void failed(ServerSentEventConnection c, String data, String event, String id, IOException e) {
            sent(data);
        }

        private void sent(String data) {
            unsentEvents.decrementAndGet();
            unsentBytes.addAndGet(-data.length());
        }
    }

    private static void closeQuietly(ServerSentEventConnection c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // the client is gone either way
        }
    }
}
