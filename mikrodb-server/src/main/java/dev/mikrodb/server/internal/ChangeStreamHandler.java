package dev.mikrodb.server.internal;

import dev.mikrodb.MikroStore;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.Fields;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events?tableName=&databaseName=&fromRevision=&prefix=&includePrevious=}: change events as Server-Sent
 * Events ({@code event:} the operation, {@code data:} the event JSON, {@code id:} the event's revision), in revision
 * order, for as long as the client stays. The first event, {@code ready}, carries the revision delivery starts after;
 * an idle stream gets a {@code progress} event ({@code {"revision": R}}: everything up to R that the stream selects
 * has been sent) every progress interval. A start is {@code fromRevision} or, taking precedence, the
 * {@code Last-Event-ID} header a reconnecting EventSource sends; one older than the retained history is refused with
 * 410 and {@code compactRevision} before the stream starts (docs/change-feed.md).
 *
 * <p>The subscription is made before the stream starts, so every refusal is a plain HTTP error; events are held back
 * until the {@code ready} event is out. Each connection is one store subscription, closed with the connection.
 */
public final class ChangeStreamHandler implements HttpHandler {
    static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    private final MikroStore store;
    private final long progressMillis;
    private final Set<StreamForwarder> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mikrodb-stream-progress");
        t.setDaemon(true);
        return t;
    });

    /** @param progressMillis how long a stream may stay silent before it gets a {@code progress} event */
    public ChangeStreamHandler(MikroStore store, long progressMillis) {
        this.store = store;
        this.progressMillis = progressMillis;
        progress.scheduleWithFixedDelay(this::sendProgress, progressMillis, Math.max(50, progressMillis / 4),
                TimeUnit.MILLISECONDS);
    }

    /** Checks the request here (a refusal goes through the usual error mapping), then subscribes on a worker. */
    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String table = StoreHandlers.param(exchange, "tableName");
        if (table != null) {
            Fields.checkTableName(table);
        }
        String database = StoreHandlers.param(exchange, "databaseName");
        if (database != null) {
            Fields.checkDatabaseName(database);
        }
        SubscribeOptions options = new SubscribeOptions(startRevision(exchange), StoreHandlers.param(exchange,
                "prefix"), flag(exchange, "includePrevious"));
        // Subscribing reads the retained history's file list: not on an IO thread.
        exchange.dispatch(() -> {
            try {
                start(exchange, table, database, options);
            } catch (Exception | LinkageError e) {
                ErrorMappingHandler.answer(exchange, e, false); // 410 for a compacted start, and so on
            }
        });
    }

    private void start(HttpServerExchange exchange, String table, String database, SubscribeOptions options)
            throws Exception {
        StreamForwarder forwarder = new StreamForwarder(exchange.getRequestURI());
        MikroStore target = database == null ? store : store.inDatabase(database);
        Subscription subscription = target.subscribe(table, options, forwarder); // 410 when compacted
        long ready = options.fromRevision() >= 0 ? options.fromRevision() : subscription.deliveredRevision();
        exchange.addExchangeCompleteListener((ex, next) -> {
            closeLater(subscription);
            next.proceed();
        });
        new ServerSentEventHandler((connection, lastEventId) -> {
            connection.setKeepAliveTime(progressMillis * 3);
            connection.addCloseTask(c -> {
                closeLater(subscription);
                streams.remove(forwarder);
            });
            // Tells the client its subscription is live, so it can promise to see every later commit.
            connection.send("{}", "ready", String.valueOf(ready), null);
            forwarder.attach(connection, subscription);
            streams.add(forwarder);
        }).handleRequest(exchange);
    }

    /**
     * Closes a subscription off the calling thread. Close tasks run holding the SSE connection's lock, and closing a
     * subscription waits for a delivery in progress, which may itself be waiting for that lock in {@code send}.
     */
    private static void closeLater(Subscription subscription) {
        java.util.concurrent.CompletableFuture.runAsync(subscription::close);
    }

    /** {@code Last-Event-ID} (a reconnecting EventSource), else {@code fromRevision}, else -1 (from now). */
    private static long startRevision(HttpServerExchange exchange) {
        String lastEventId = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (lastEventId != null && !lastEventId.isBlank()) {
            return revision("Last-Event-ID", lastEventId.trim());
        }
        String from = StoreHandlers.param(exchange, "fromRevision");
        return from == null ? -1 : revision("fromRevision", from);
    }

    private static long revision(String name, String text) {
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException(name + " must be a revision (a whole number, 0 or more); got '" + text + "'");
    }

    private static boolean flag(HttpServerExchange exchange, String name) {
        String value = StoreHandlers.param(exchange, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new ValidationException(name + " must be true or false; got '" + value + "'");
    }

    private void sendProgress() {
        long now = System.currentTimeMillis();
        for (StreamForwarder s : streams) {
            s.progressIfIdleSince(now - progressMillis);
        }
    }

    /** Closes every open stream, so a graceful shutdown does not wait for clients that never leave. */
    public void closeAll() {
        progress.shutdownNow();
        for (StreamForwarder s : streams) {
            closeQuietly(s.connection());
        }
    }

    static void closeQuietly(ServerSentEventConnection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // the client is gone either way
        }
    }
}
