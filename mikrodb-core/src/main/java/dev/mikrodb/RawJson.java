package dev.mikrodb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.mikrodb.internal.api.RawJsonAccess;
import dev.mikrodb.internal.json.CompactJson;
import dev.mikrodb.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A JSON value given as UTF-8 bytes, for writing JSON you already hold as bytes (from a file, a socket, another
 * store) without building a tree: {@code db.write(WriteRequest.of("users", "u1", RawJson.of(bytes)))}.
 *
 * <p>{@link #of(byte[])} checks the bytes once and copies them. Compact JSON (no whitespace between tokens, no
 * exponents, no duplicate field names) is stored exactly as given; anything else valid is parsed and stored
 * compacted, as a parsed value would be. Invalid JSON is a {@link ValidationException} naming the problem, with the
 * same rules as JSON sent over HTTP: well-formed UTF-8, exactly one value, finite numbers, nesting at most 256 deep.
 */
public final class RawJson implements JsonSerializable {
    static {
        RawJsonAccess.register(r -> r.json);
        RawJsonAccess.registerMaker(RawJson::new);
    }

    private final byte[] json;

    private RawJson(byte[] json) {
        this.json = json;
    }

    /** Checks and copies {@code utf8}; later changes to the array do not affect the value. */
    public static RawJson of(byte[] utf8) {
        Objects.requireNonNull(utf8, "json");
        byte[] copy = utf8.clone();
        return new RawJson(CompactJson.isStorableAsIs(copy) ? copy
                : Json.toValueBytes(Json.parseUserJson(copy, "value")));
    }

    /** {@link #of(byte[])} for JSON text. */
    public static RawJson of(String json) {
        return of(Objects.requireNonNull(json, "json").getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON as it will be stored, UTF-8; a copy. */
    public byte[] toBytes() {
        return json.clone();
    }

    /** Written as it is into JSON output; expanded into a tree where Jackson builds one. */
    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        if (gen instanceof TokenBuffer) {
            gen.writeTree(Json.parse(json));
        } else {
            gen.writeRawValue(toString());
        }
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson other && Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }

    /** The JSON text. */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }
}
