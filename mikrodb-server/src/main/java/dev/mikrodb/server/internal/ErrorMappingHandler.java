package dev.mikrodb.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.CorruptionException;
import dev.mikrodb.DatabaseClosedException;
import dev.mikrodb.DiskFullException;
import dev.mikrodb.DuplicateIdException;
import dev.mikrodb.StorageException;
import dev.mikrodb.UniqueIndexViolationException;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.WriteInDoubtException;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.lang.System.Logger.Level;

/**
 * Turns exceptions from handlers and core into JSON error answers: the one place status codes are chosen. It runs
 * inside the blocking dispatch so it sees core's exceptions. Messages of our typed exceptions are written for users;
 * anything else is a bug, logged once with its stack trace and answered 500 with a generic message. Nothing, not even
 * an {@code Error}, escapes to Undertow.
 */
public final class ErrorMappingHandler implements HttpHandler {
    private static final System.Logger LOG = System.getLogger("dev.mikrodb.server");
    private final HttpHandler next;
    private final boolean debug;

    public ErrorMappingHandler(HttpHandler next, boolean debug) {
        this.next = next;
        this.debug = debug;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        try {
            next.handleRequest(exchange);
        } catch (Throwable t) {
            answer(exchange, t, debug);
        }
    }

    /** Answers {@code t} as JSON with its status; used by every path that can fail, blocking or not. */
    public static void answer(HttpServerExchange exchange, Throwable t, boolean debug) {
        if (t instanceof HttpException e) {
            Responses.error(exchange, e.status(), e.getMessage());
        } else if (t instanceof VersionConflictException e) {
            ObjectNode body = WireJson.object().put("error", e.getMessage())
                    .put("currentVersion", e.currentVersion()).put("expectedVersion", e.expectedVersion())
                    .put("tableName", e.tableName()).put("key", e.key());
            Responses.error(exchange, 409, body);
        } else if (t instanceof UniqueIndexViolationException e) {
            Responses.error(exchange, 409, WireJson.object().put("error", e.getMessage()).put("index", e.index())
                    .put("value", e.value()).put("key", e.existingKey()));
        } else if (t instanceof DuplicateIdException e) {
            Responses.error(exchange, 409, WireJson.object().put("error", e.getMessage()).put("_id", e.id()));
        } else if (t instanceof ValidationException e) {
            Responses.error(exchange, 400, e.getMessage());
        } else if (t instanceof JsonProcessingException e) {
            Responses.error(exchange, 400, "request body is not valid JSON: " + WireJson.describe(e));
        } else if (t instanceof DatabaseClosedException) {
            Responses.error(exchange, 503, "the database is shutting down");
        } else if (t instanceof DiskFullException e) {
            Responses.error(exchange, 507, e.getMessage());
        } else if (t instanceof dev.mikrodb.BackupVerificationException e) {
            ObjectNode body = WireJson.object().put("error", e.getMessage()).put("valid", false);
            if (e.entry() != null) {
                body.put("file", e.entry());
            }
            Responses.error(exchange, 422, body);
        } else if (t instanceof dev.mikrodb.HistoryCompactedException e) {
            Responses.error(exchange, 410, WireJson.object().put("error", e.getMessage())
                    .put("requestedRevision", e.requestedRevision()).put("compactRevision", e.compactRevision())
                    .put("currentRevision", e.currentRevision()));
        } else if (t instanceof CorruptionException e) {
            LOG.log(Level.ERROR, e.getMessage());
            Responses.error(exchange, 500, "stored data is damaged: " + e.getMessage());
        } else if (t instanceof WriteInDoubtException e) {
            LOG.log(Level.ERROR, e.getMessage());
            Responses.error(exchange, 500, e.getMessage());
        } else if (t instanceof StorageException e) {
            LOG.log(Level.ERROR, e.getMessage());
            Responses.error(exchange, 500, "storage failure: " + e.getMessage());
        } else if (t instanceof StackOverflowError) {
            LOG.log(Level.WARNING, "request " + exchange.getRequestMethod() + " " + exchange.getRequestPath()
                    + " overflowed the stack");
            Responses.error(exchange, 400, "the request is too deeply nested or too complex to evaluate");
        } else {
            LOG.log(Level.ERROR, "request " + exchange.getRequestMethod() + " " + exchange.getRequestPath()
                    + " failed", t);
            Responses.error(exchange, 500, debug ? "internal error: " + t : "internal error; see the server log");
        }
    }
}
