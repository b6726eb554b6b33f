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
            String[] fields = new String[3]; // databaseName, tableName, key
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                int slot = switch (p.currentName()) {
                    case "databaseName" -> 0;
                    case "tableName" -> 1;
                    case "key" -> 2;
                    default -> -1;
                };
                if (slot < 0 || fields[slot] != null || p.nextToken() != JsonToken.VALUE_STRING) {
                    return null; // another field, one given twice, or not a string
                }
                fields[slot] = p.getText();
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || fields[1] == null || fields[2] == null
                    || Utf8.firstMalformed(body, 0, body.length) >= 0) {
                return null;
            }
            return new KeyReadBody(fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException e) {
            return null; // malformed: the tree path reports it
        }
    }
}
