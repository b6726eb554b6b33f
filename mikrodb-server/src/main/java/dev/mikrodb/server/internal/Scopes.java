package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The databases and tables a request names, wherever it names them: path parameters ({@code /db/{db}/{coll}}), query
 * parameters and body fields ({@code databaseName}, {@code tableName}), every write of a batch. A request naming
 * none acts on the {@code default} database. Only consulted for callers whose grant is limited.
 */
final class Scopes {
    /** A request that reaches every table of a database (a change stream without {@code tableName}). */
    static final String ALL_TABLES = "*";

    private Scopes() {
    }

    /** Pairs of database (null: default) and table (null: none named). */
    static List<String[]> targets(HttpServerExchange exchange) {
        List<String[]> out = new ArrayList<>();
        PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        if (match != null && match.getParameters().containsKey("db")) {
            out.add(new String[] {match.getParameters().get("db"), match.getParameters().get("coll")});
        }
        String db = param(exchange, "databaseName");
        String table = param(exchange, "tableName");
        if (table == null && exchange.getRequestPath().equals("/events")) {
            table = ALL_TABLES;
        }
        if (db != null || table != null) {
            out.add(new String[] {db, table});
        }
        if (BodyReadingHandler.body(exchange).length > 0) {
            fromBody(exchange, out);
        }
        if (out.isEmpty()) {
            out.add(new String[] {null, null});
        }
        return out;
    }

    private static void fromBody(HttpServerExchange exchange, List<String[]> out) {
        JsonNode json;
        try {
            json = RequestBodies.parseForInspection(exchange);
        } catch (RuntimeException e) {
            return; // the handler answers 400 for it; nothing in it can be reached
        }
        if (json.isObject()) {
            add(json, null, out);
        } else if (json.isArray()) {
            String first = json.size() > 0 ? text(json.get(0), "databaseName") : null;
            for (JsonNode w : json) {
                add(w, first, out);
            }
        }
    }

    private static void add(JsonNode o, String defaultDb, List<String[]> out) {
        String db = text(o, "databaseName");
        String table = text(o, "tableName");
        if (db != null || table != null) {
            out.add(new String[] {db == null ? defaultDb : db, table});
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String param(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
