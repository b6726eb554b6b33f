package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.function.Supplier;

/**
 * Answers {@code POST /get} by key on the IO thread, without the hop to a worker thread, when nothing in it can
 * block: the table is in memory (a hash lookup, no disk I/O) and no restore is swapping the database. Everything
 * else, and any such request the check cannot vouch for, takes the usual blocking path. Both paths run the same
 * route (guard, handler, error mapping), so answers are the same; only the thread differs.
 */
public final class FastReadHandler implements HttpHandler {
    private final HttpHandler fast;
    private final HttpHandler usual;
    private final Supplier<MikroDB> database;
    private final LiveDatabase live;

    /**
     * @param fast the routes with error mapping, run on the calling (IO) thread
     * @param usual the same behind a dispatch to a worker
     * @param live the restore gate, or null when the server does not own the database
     */
    public FastReadHandler(HttpHandler fast, HttpHandler usual, Supplier<MikroDB> database, LiveDatabase live) {
        this.fast = fast;
        this.usual = usual;
        this.database = database;
        this.live = live;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread() && isKeyReadOfLoadedTable(exchange)) {
            if (live == null) {
                fast.handleRequest(exchange);
                return;
            }
            if (live.runIfNotRestoring(exchange, fast)) {
                return;
            }
        }
        usual.handleRequest(exchange);
    }

    private boolean isKeyReadOfLoadedTable(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST) || !exchange.getRequestPath().equals("/get")
                || RequestBodies.isEmpty(exchange)) {
            return false;
        }
        MikroDB db = database.get();
        if (db == null) {
            return false;
        }
        JsonNode body;
        try {
            body = RequestBodies.parseForInspection(exchange);
        } catch (RuntimeException e) {
            return false; // the usual path answers the bad request
        }
        JsonNode table = body.get("tableName");
        JsonNode key = body.get("key");
        JsonNode databaseName = body.get("databaseName");
        return table != null && table.isTextual() && key != null && key.isTextual()
                && (databaseName == null || databaseName.isTextual())
                && db.tableInMemory(databaseName == null ? null : databaseName.textValue(), table.textValue());
    }
}
