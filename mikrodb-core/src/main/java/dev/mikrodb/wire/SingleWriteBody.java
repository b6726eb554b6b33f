package dev.mikrodb.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.RawJson;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.api.RawJsonAccess;
import dev.mikrodb.internal.json.CompactJson;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.json.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The body of a single {@code POST /write} read without a tree for its value: the other fields (the envelope) are
 * read as strings or trees, the value's bytes are taken as they arrived ({@link RawJson}: kept as they are when
 * compact, else compacted as a parsed value would be).
 *
 * <p>Why: parsing the body into a tree and writing the value back to bytes for the record was a third of the write
 * handler's samples. A compact body, as clients send, is read without a parser at all ({@link #compact}); another is
 * read with Jackson's parser, field by field. {@link #parse} vouches only for bodies it fully understands; for
 * anything else (not an object, a field twice, no value, a value {@code RawJson} refuses, malformed JSON) it returns
 * null and the caller reads the body as a tree, which gives every error its usual message.
 */
public final class SingleWriteBody {
    /** The fields of a body {@link #compact} reads. */
    private static final List<String> COMPACT_FIELDS = List.of("tableName", "key", "value", "databaseName");
    /** Their names as a compact body spells them, quotes included. */
    private static final List<byte[]> QUOTED_NAMES = COMPACT_FIELDS.stream()
            .map(f -> ('"' + f + '"').getBytes(StandardCharsets.US_ASCII)).toList();

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
        SingleWriteBody compact = compact(body);
        return compact != null ? compact : parsed(body);
    }

    /**
     * A body that is compact JSON ({@link CompactJson}) made of {@code tableName}, {@code key}, {@code value} and
     * optionally {@code databaseName}, the names as strings without escapes: one pass checks the whole body and finds
     * its fields, and the value's bytes are stored without a second check. Null for any other body. A parser's tokens,
     * the value checked again by {@link RawJson#of} and its skipping were most of this class's time.
     */
    static SingleWriteBody compact(byte[] body) {
        int[] spans = new int[4 * 4];
        int fields = CompactJson.objectFields(body, spans);
        if (fields < 0) {
            return null;
        }
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        int valueStart = -1;
        int valueEnd = -1;
        for (int i = 0; i < 4 * fields; i += 4) {
            String name = envelopeField(body, spans[i], spans[i + 1]);
            if (name == null) {
                return null; // another field: the parser's path reads it
            }
            if (name.equals("value")) {
                valueStart = spans[i + 2];
                valueEnd = spans[i + 3];
                continue;
            }
            String text = plainString(body, spans[i + 2], spans[i + 3]);
            if (text == null) {
                return null; // not a string, or one with escapes: the parser's path reads it
            }
            envelope.put(name, text);
        }
        if (valueStart < 0 || !envelope.has("tableName") || !envelope.has("key")) {
            return null;
        }
        return new SingleWriteBody(envelope,
                RawJsonAccess.ofStorable(Arrays.copyOfRange(body, valueStart, valueEnd)));
    }

    /** Which of the fields {@link #compact} takes the name in {@code [start, end)} (quotes included) is, or null. */
    private static String envelopeField(byte[] body, int start, int end) {
        for (int i = 0; i < QUOTED_NAMES.size(); i++) {
            byte[] name = QUOTED_NAMES.get(i);
            if (Arrays.equals(body, start, end, name, 0, name.length)) {
                return COMPACT_FIELDS.get(i);
            }
        }
        return null;
    }

    /** The string spanning {@code [start, end)} (quotes included) if it is one without escapes; else null. */
    private static String plainString(byte[] body, int start, int end) {
        if (body[start] != '"') {
            return null;
        }
        for (int k = start + 1; k < end - 1; k++) {
            if (body[k] == '\\') {
                return null;
            }
        }
        return new String(body, start + 1, end - start - 2, StandardCharsets.UTF_8);
    }

    /** A body read with Jackson's parser, the value's extent taken from its tokens; null as for {@link #parse}. */
    private static SingleWriteBody parsed(byte[] body) {
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
