package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.mikrodb.Durability;
import dev.mikrodb.MikroDB;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.function.Supplier;

/**
 * Answers the two most frequent requests on the IO thread, without the hop to a worker thread, when nothing in them
 * waits for the disk: {@code POST /get} by key, and a single {@code POST /write} (not a batch, not
 * {@code flushImmediately}) when the database's durability is {@code os} or {@code async} (the commit is a memory
 * update and one {@code write(2)} to the page cache; {@code sync} waits for an fsync and always takes a worker). In
 * both the table must be in memory (no load from disk) and no restore may be swapping the database. Everything else,
 * and any request the check cannot vouch for, takes the usual blocking path. Both paths run the same route (guard,
 * handler, error mapping), so answers are the same; only the thread differs.
 *
 * <p>What can still hold an IO thread briefly: the commit lock while a checkpoint rotates the WAL (creating the new
 * segment file), and a table evicted between this check and the handler (then read from its files).
 */
public final class FastPathHandler implements HttpHandler {
    private final HttpHandler fast;
    private final HttpHandler usual;
    private final Supplier<MikroDB> database;
    private final LiveDatabase live;

    /**
     * @param fast the routes with error mapping, run on the calling (IO) thread
     * @param usual the same behind a dispatch to a worker
     * @param live the restore gate, or null when the server does not own the database
     */
    public FastPathHandler(HttpHandler fast, HttpHandler usual, Supplier<MikroDB> database, LiveDatabase live) {
        this.fast = fast;
        this.usual = usual;
        this.database = database;
        this.live = live;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread() && isQuickRequest(exchange)) {
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

    private boolean isQuickRequest(HttpServerExchange exchange) {
        if (!exchange.getRequestMethod().equals(Methods.POST) || RequestBodies.isEmpty(exchange)) {
            return false;
        }
        boolean write = exchange.getRequestPath().equals("/write");
        if (!write && !exchange.getRequestPath().equals("/get")) {
            return false;
        }
        MikroDB db = database.get();
        if (db == null || write && db.options().durability() == Durability.SYNC) {
            return false;
        }
        JsonNode body;
        try {
            body = RequestBodies.parseForInspection(exchange);
        } catch (RuntimeException e) {
            return false; // the usual path answers the bad request
        }
        if (write) {
            JsonNode flush = body.get("flushImmediately");
            boolean mayWaitForFsync = flush != null && !flush.equals(BooleanNode.FALSE);
            if (!body.isObject() || mayWaitForFsync) {
                return false; // a batch, or flushImmediately other than false (an fsync, or a 400 for a non-boolean)
            }
        }
        JsonNode table = body.get("tableName");
        JsonNode key = body.get("key");
        JsonNode databaseName = body.get("databaseName");
        return table != null && table.isTextual() && key != null && key.isTextual()
                && (databaseName == null || databaseName.isTextual())
                && db.tableInMemory(databaseName == null ? null : databaseName.textValue(), table.textValue());
    }
}
