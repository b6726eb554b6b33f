package dev.mikrodb.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.DatabaseClosedException;
import dev.mikrodb.ValidationException;
import dev.mikrodb.VersionConflictException;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.lang.System.Logger.Level;

/**
 * Turns exceptions from handlers and core into JSON error answers. It runs inside the blocking dispatch so it sees
 * core's exceptions. Messages of our typed exceptions are written for users; anything else is a bug, logged with its
 * stack trace and answered 500 with a generic message, never the exception itself.
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
        } catch (HttpException e) {
            Responses.error(exchange, e.status(), e.getMessage());
        } catch (VersionConflictException e) {
            ObjectNode body = WireJson.object().put("error", e.getMessage())
                    .put("currentVersion", e.currentVersion()).put("expectedVersion", e.expectedVersion())
                    .put("tableName", e.tableName()).put("key", e.key());
            Responses.error(exchange, 409, body);
        } catch (ValidationException e) {
            Responses.error(exchange, 400, e.getMessage());
        } catch (JsonProcessingException e) {
            Responses.error(exchange, 400, "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (DatabaseClosedException e) {
            Responses.error(exchange, 503, "the database is shutting down");
        } catch (Exception e) {
            LOG.log(Level.ERROR, "request " + exchange.getRequestMethod() + " " + exchange.getRequestPath()
                    + " failed", e);
            Responses.error(exchange, 500, debug ? "internal error: " + e : "internal error; see the server log");
        }
    }
}
