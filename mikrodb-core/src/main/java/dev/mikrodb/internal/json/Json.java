package dev.mikrodb.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mikrodb.ValidationException;
import java.io.IOException;

/** The one Jackson configuration used for values, WAL payloads, dumps and config files. */
public final class Json {
    /** Values nested deeper than this are rejected: deep trees cost stack in the query evaluator and the parser. */
    public static final int MAX_NESTING_DEPTH = 256;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    private Json() {
    }

    /** Serializes any value Jackson can map (a {@link JsonNode}, a record, a map, a string, null) to UTF-8 JSON. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ValidationException("value cannot be converted to JSON: " + e.getOriginalMessage());
        }
    }

    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored value is not valid JSON", e);
        }
    }

    /** Parses text supplied by a user; a syntax error is a {@link ValidationException} naming {@code what}. */
    public static JsonNode parseUserJson(String text, String what) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ValidationException(what + " is empty; expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ValidationException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code text} as a JSON string literal, quotes and escapes included. */
    public static String quote(String text) {
        return toString(MAPPER.getNodeFactory().textNode(text));
    }

    public static String toString(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
