package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.json.Utf8;
import java.io.IOException;

/**
 * The body of a {@code POST /get} by key, {@code {"tableName": ..., "key": ...}} with an optional
 * {@code "databaseName"}, read field by field without a tree.
 *
 * <p>Why: the server parsed every key read's body into a tree twice over (once to see whether the IO thread may
 * answer it, once in the handler, which reused the first) and building the tree was the largest single step of the
 * server's own work on that route. {@link #parse} vouches only for bodies made of those three fields, each a string
 * and each at most once; for anything else (other fields, a field twice or not a string, malformed JSON or UTF-8) it
 * returns null and the caller reads the body as a tree, which gives every error its usual message.
 *
 * @param databaseName null when the body names none
 */
public record KeyReadBody(String databaseName, String tableName, String key) {

    /** The body read this way, or null when the tree path must read it. */
    public static KeyReadBody parse(byte[] body) {
        if (body.length == 0 || body.length > 4096) {
            return null; // a key read's body is short; a long one is a query, or something the tree path should see
        }
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String database = null;
            String table = null;
            String key = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    return null;
                }
                switch (name) {
                    case "tableName" -> {
                        if (table != null) {
                            return null;
                        }
                        table = p.getText();
                    }
                    case "key" -> {
                        if (key != null) {
                            return null;
                        }
                        key = p.getText();
                    }
                    case "databaseName" -> {
                        if (database != null) {
                            return null;
                        }
                        database = p.getText();
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || table == null || key == null
                    || Utf8.firstMalformed(body, 0, body.length) >= 0) {
                return null;
            }
            return new KeyReadBody(database, table, key);
        } catch (IOException | RuntimeException e) {
            return null; // malformed: the tree path reports it
        }
    }
}
