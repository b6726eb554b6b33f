package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.RawJson;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.json.Utf8;
import java.io.IOException;
import java.util.Arrays;

/**
 * The body of a single {@code POST /write} read without a tree for its value: the other fields are parsed as usual
 * (the envelope), the value's bytes are taken as they arrived ({@link RawJson}: kept as they are when compact, else
 * compacted as a parsed value would be).
 *
 * <p>Why: parsing the body into a tree and writing the value back to bytes for the record was a third of the write
 * handler's samples. {@link #parse} vouches only for bodies it fully understands; for anything else (not an object,
 * a field twice, no value, a value {@code RawJson} refuses, malformed JSON) it returns null and the caller reads the
 * body as a tree, which gives every error its usual message.
 */
public final class SingleWriteBody {
    private final ObjectNode envelope;
    private final RawJson value;

    private SingleWriteBody(ObjectNode envelope, RawJson value) {
        this.envelope = envelope;
        this.value = value;
    }

    /** The body read this way, or null when the tree path must read it. */
    public static SingleWriteBody parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode envelope = Json.MAPPER.createObjectNode();
            long valueStart = -1;
            long valueEnd = -1;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                boolean isValue = name.equals("value");
                if (envelope.has(name) || (isValue && valueStart >= 0)) {
                    return null; // a field twice: the tree path applies its rule
                }
                if (isValue) {
                    valueStart = p.currentTokenLocation().getByteOffset();
                    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    } else {
                        p.finishToken(); // a string is read lazily: its end is known once it is finished
                    }
                    valueEnd = p.currentLocation().getByteOffset();
                } else if (v == JsonToken.VALUE_STRING) {
                    // the node readTree makes for a string, without a deserialization context per field (most of the
                    // envelope: tableName, key)
                    envelope.put(name, p.getText());
                } else {
                    envelope.set(name, Json.MAPPER.readTree(p));
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null || valueStart < 0 || valueEnd <= valueStart
                    || valueEnd > body.length) {
                return null;
            }
            // Checked last, once the body is one this class takes: a batch is turned away at its first byte.
            if (Utf8.firstMalformed(body, 0, body.length) >= 0) {
                return null;
            }
            return new SingleWriteBody(envelope, RawJson.of(Arrays.copyOfRange(body, (int) valueStart,
                    (int) valueEnd)));
        } catch (IOException | RuntimeException e) {
            return null; // malformed, or a value RawJson refuses: the tree path reports it
        }
    }

    /** The write, checked as {@link WriteRequestCodec#read(JsonNode, String)} checks it (same messages). */
    public WriteRequest request() {
        return WriteRequestCodec.read(envelope, value, "");
    }

    /** The body's fields other than {@code value}, as parsed (not to be changed). */
    public JsonNode envelope() {
        return envelope;
    }

    /** {@code databaseName}, checked as the tree path checks it; "" names the default database. */
    public String databaseName() {
        return Fields.optionalString(envelope, "databaseName", "");
    }
}
