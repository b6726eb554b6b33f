package dev.mikrodb.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Query;
import dev.mikrodb.RawJson;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.json.CompactJson;
import dev.mikrodb.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Fuzz targets for everything a client sends: request bodies as the server reads them (strict JSON, writes, batches,
 * query options) and the filter and sort languages evaluated over arbitrary values. The one acceptable failure is a
 * {@link ValidationException} naming what was wrong; anything else (another exception, a stack overflow, a hang) is a
 * finding. Without {@code JAZZER_FUZZ} set these run as regression tests over the corpus in
 * {@code src/test/resources/dev/mikrodb/wire/RequestFuzzTestInputs}; {@code bin/fuzz} fuzzes one of them.
 */
class RequestFuzzTest {
    /** Values the compiled filters and sorts are evaluated over, besides the fuzzed ones. */
    private static final JsonNode[] VALUES = {
        WireJson.parse("{\"a\":1,\"b\":\"x\",\"c\":[1,2,{\"d\":null}],\"e\":{\"f\":true}}", "value"),
        WireJson.parse("[1,\"a\",null]", "value"),
        WireJson.parse("\"text\"", "value"),
        WireJson.parse("12345678901234567890123", "value"),
    };

    /** A body for {@code POST /write} or {@code POST /get}, read as the server reads it. */
    @FuzzTest(maxDuration = "2m")
    void requestBody(byte[] body) {
        JsonNode json;
        try {
            json = WireJson.parse(body, "request body");
        } catch (ValidationException expected) {
            return;
        }
        if (json.isArray()) {
            for (JsonNode write : json) {
                writeRequest(write);
            }
            return;
        }
        writeRequest(json);
        try {
            Query query = QueryCodec.read(json.get("options"));
            evaluate(query, json);
        } catch (ValidationException expected) {
            // a clean refusal
        }
    }

    /**
     * A filter, a sort and a value, as three lines of JSON text (a readable corpus), compiled and run over the value
     * and over fixed ones.
     */
    @FuzzTest(maxDuration = "2m")
    void filterAndSort(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        if (parts.length < 3) {
            return;
        }
        try {
            Query query = Query.builder().filter(WireJson.parse(parts[0], "filter"))
                    .sort(WireJson.parse(parts[1], "sort")).build();
            evaluate(query, WireJson.parse(parts[2], "value"));
        } catch (ValidationException expected) {
            // a clean refusal
        }
    }

    /**
     * A value handed in as bytes ({@link RawJson}): refused exactly when the parser refuses it, and otherwise stored
     * as bytes that read back as the parsed value. What {@link CompactJson} lets through unchanged must also be free
     * of duplicate field names, which the parser would have merged.
     */
    @FuzzTest(maxDuration = "2m")
    void rawJson(byte[] input) {
        JsonNode parsed;
        try {
            parsed = Json.parseUserJson(input, "value");
        } catch (ValidationException expected) {
            assertThrows(ValidationException.class, () -> RawJson.of(input));
            assertFalse(CompactJson.isStorableAsIs(input), "accepted as is, refused by the parser");
            return;
        }
        byte[] stored = RawJson.of(input).toBytes();
        assertEquals(parsed, Json.parse(stored), "stored bytes read back as something else");
        if (CompactJson.isStorableAsIs(input)) {
            assertArrayEquals(input, stored);
            assertDoesNotThrow(() -> STRICT.readTree(input), "accepted as is with a duplicate field name");
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static void writeRequest(JsonNode json) {
        WriteRequest request;
        try {
            request = WriteRequestCodec.read(json, "");
        } catch (ValidationException expected) {
            return;
        }
        // What was accepted survives the trip the client makes it take: encoded, parsed, read again.
        String encoded = WireJson.toString(WriteRequestCodec.toJson(request));
        WriteRequest again = WriteRequestCodec.read(WireJson.parse(encoded.getBytes(StandardCharsets.UTF_8),
                "encoded write"), "");
        assertEquals(encoded, WireJson.toString(WriteRequestCodec.toJson(again)));
    }

    private static void evaluate(Query query, JsonNode fuzzed) {
        Comparator<JsonNode> sort = query.sort();
        dev.mikrodb.Filter filter = query.filter() == null ? v -> true : query.filter();
        for (JsonNode v : VALUES) {
            filter.matches(v);
            if (sort != null) {
                assertEquals(0, sort.compare(v, v), "a sort that does not find a value equal to itself");
                int forward = Integer.signum(sort.compare(v, fuzzed));
                int backward = Integer.signum(sort.compare(fuzzed, v));
                assertEquals(-forward, backward, "a sort that is not antisymmetric on " + v + " and " + fuzzed);
            }
        }
        filter.matches(fuzzed);
    }
}
