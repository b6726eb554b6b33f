package dev.mikrodb.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import dev.mikrodb.CorruptionException;
import dev.mikrodb.RawJson;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.api.RawJsonAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one Jackson configuration for values, request bodies, dumps and config files, and the strict parsing of JSON
 * that comes from users: well-formed UTF-8, exactly one value, no number outside the range of a double (Jackson
 * would turn {@code 1e999} into infinity, then write it as the string {@code "Infinity"}), bounded nesting.
 */
public final class Json {
    /** Values nested deeper than this are rejected: deep trees cost stack in the query evaluator and the parser. */
    public static final int MAX_NESTING_DEPTH = 256;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonStreams.newFactory())
            .nodeFactory(new FiniteNumberNodes())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** Refuses infinite and NaN doubles when parsing, where Jackson would silently produce them. */
    private static final class FiniteNumberNodes extends JsonNodeFactory {
        @Override
        public NumericNode numberNode(double v) {
            JsonStreams.check(v);
            return super.numberNode(v);
        }

        @Override
        public NumericNode numberNode(float v) {
            JsonStreams.check(v);
            return super.numberNode(v);
        }
    }

    /** Serializes any value Jackson can map (a {@link JsonNode}, a record, a map, a string, null) to UTF-8 JSON. */
    public static byte[] toBytes(Object value) {
        if (value instanceof RawJson raw) {
            return raw.toBytes();
        }
        byte[] fast = value instanceof JsonNode node ? JsonTreeWriter.write(node) : null;
        return fast != null ? fast : mapperBytes(value);
    }

    private static byte[] mapperBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonStreams.NonFiniteNumberException e) {
            throw new ValidationException("value cannot be stored: " + e.getMessage());
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof JsonStreams.NonFiniteNumberException n) {
                throw new ValidationException("value cannot be stored: " + n.getMessage());
            }
            throw new ValidationException("value cannot be converted to JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * A value to store, as UTF-8 JSON. Refused ({@link ValidationException}) when nested deeper than
     * {@link #MAX_NESTING_DEPTH}: {@link #parse} would refuse it when reading it back, and the item would look damaged.
     * Trees the fast writer takes are within the limit by construction; anything else is measured after writing.
     */
    public static byte[] toValueBytes(Object value) {
        if (value instanceof RawJson raw) {
            return RawJsonAccess.bytes(raw); // checked when it was made
        }
        byte[] json = value instanceof JsonNode node ? JsonTreeWriter.write(node) : null;
        if (json != null) {
            return json;
        }
        json = mapperBytes(value);
        int depth = nestingDepth(json);
        if (depth > MAX_NESTING_DEPTH) {
            throw new ValidationException("value is nested " + depth + " levels deep; the limit is "
                    + MAX_NESTING_DEPTH);
        }
        return json;
    }

    /** The deepest nesting of objects and arrays in well-formed JSON (brackets inside strings do not count). */
    static int nestingDepth(byte[] json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++; // the escaped character, whatever it is
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                max = Math.max(max, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return max;
    }

    /** Parses a value the database stored itself; anything wrong with it means the stored bytes are damaged. */
    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new CorruptionException("a stored value is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Parses JSON that came from a user (a request body, a command-line argument); every problem is a
     * {@link ValidationException} naming {@code what}.
     */
    public static JsonNode parseUserJson(byte[] bytes, String what) {
        int bad = Utf8.firstMalformed(bytes, 0, bytes.length);
        if (bad >= 0) {
            throw new ValidationException(what + " is not valid UTF-8 (malformed byte 0x"
                    + Integer.toHexString(bytes[bad] & 0xFF).toUpperCase() + " at offset " + bad + ")");
        }
        try (JsonParser p = MAPPER.createParser(bytes)) {
            JsonNode node = MAPPER.readTree(p);
            if (node == null || node.isMissingNode()) {
                throw new ValidationException(what + " is empty; expected JSON");
            }
            long end = p.currentLocation().getByteOffset();
            if (hasMoreTokens(p)) {
                throw new ValidationException(what + " has data after the JSON value (from offset " + end
                        + "); send exactly one JSON value");
            }
            return node;
        } catch (JsonStreams.NonFiniteNumberException e) {
            throw new ValidationException(what + " is not acceptable: " + e.getMessage());
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof JsonStreams.NonFiniteNumberException n) {
                throw new ValidationException(what + " is not acceptable: " + n.getMessage());
            }
            throw new ValidationException(what + " is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new ValidationException(what + " cannot be read: " + e.getMessage());
        }
    }

    private static boolean hasMoreTokens(JsonParser p) throws IOException {
        try {
            return p.nextToken() != null;
        } catch (JsonProcessingException e) {
            return true; // not even a token: garbage after the value
        }
    }

    public static JsonNode parseUserJson(String text, String what) {
        return parseUserJson(text.getBytes(StandardCharsets.UTF_8), what);
    }

    /** Jackson's message in plain words (see {@link JsonErrors}), plus line and column. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int nl = message.indexOf('\n');
        if (nl > 0) {
            message = message.substring(0, nl);
        }
        message = JsonErrors.plain(message);
        var loc = e.getLocation();
        return loc == null ? message : message + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** {@code text} as a JSON string literal, quotes and escapes included. */
    public static String quote(String text) {
        return toString(MAPPER.getNodeFactory().textNode(text));
    }

    public static String toString(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new ValidationException("value cannot be converted to JSON: " + e.getOriginalMessage());
        }
    }
}
