package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import dev.mikrodb.wire.KeyReadBody;
import dev.mikrodb.wire.SingleWriteBody;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.function.Supplier;

/**
 * Answers the two most frequent requests on the IO thread, without the hop to a worker thread, when nothing in them
 * reads the disk: {@code POST /get} by key, and a single {@code POST /write} (not a batch). In both the table must be
 * in memory (no load from disk) and no restore may be swapping the database. The commit of a write is a memory
 * update and one {@code write(2)} to the page cache; where it must also wait for an fsync (durability {@code sync},
 * {@code flushImmediately}), the wait is not made on the IO thread: {@link DeferredAnswers} holds the answer back
 * until the database's background thread has forced the log over it, and one fsync answers every write it covers.
 * Everything else, and any request the check cannot vouch for, takes the usual blocking path. Both paths run the
 * same route (guard, handler, error mapping), so answers are the same; only the thread, and who waits, differ.
 *
 * <p>What can still hold an IO thread briefly: the commit lock while a checkpoint rotates the WAL (creating the new
 * segment file), and a table evicted between this check and the handler (then read from its files).
 */
public final class FastPathHandler implements HttpHandler {
    private final HttpHandler fast;
    /** {@code fast} for a write: its fsync wait, if any, is left to its answer. */
    private final HttpHandler fastWrite;
    private final HttpHandler usual;
    private final Supplier<MikroDB> database;
    private final LiveDatabase live;

    /**
     * @param fast the routes with error mapping, run on the calling (IO) thread; not behind the restore gate, which
     *     this handler passes itself
     * @param usual the same behind a dispatch to a worker
     * @param live the restore gate, or null when the server does not own the database
     */
    public FastPathHandler(HttpHandler fast, HttpHandler usual, Supplier<MikroDB> database, LiveDatabase live) {
        this.fast = fast;
        this.fastWrite = exchange -> DeferredAnswers.run(database.get(), exchange, fast);
        this.usual = usual;
        this.database = database;
        this.live = live;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread() && isQuickRequest(exchange)) {
            HttpHandler quick = exchange.getRequestPath().equals("/write") ? fastWrite : fast;
            if (live == null) {
                quick.handleRequest(exchange);
                return;
            }
            if (live.runIfNotRestoring(exchange, quick)) {
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
        if (db == null) {
            return false;
        }
        KeyReadBody read = write ? null : RequestBodies.keyRead(exchange);
        if (read != null) {
            return db.tableInMemory(read.databaseName(), read.tableName());
        }
        SingleWriteBody single = write ? RequestBodies.singleWrite(exchange) : null;
        JsonNode body; // the fields named below; a single write's value is not looked at
        if (single != null) {
            body = single.envelope();
        } else {
            try {
                body = RequestBodies.parseForInspection(exchange);
            } catch (RuntimeException e) {
                return false; // the usual path answers the bad request
            }
            if (write && !body.isObject()) {
                return false; // a batch: up to thousands of writes, too long to hold an IO thread for
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
