package dev.mikrodb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.CorruptionException;
import dev.mikrodb.internal.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The stored-bytes form of a JSON filter on the shapes FilterPropertyTest's generator does not make: escaped field
 * names, paths through arrays of objects, values that are not objects, whitespace, damaged bytes. Each case is also
 * checked against the tree form on the parsed value, which must give the same answer.
 */
class JsonFilterTest {
    private static boolean both(String filter, String stored) {
        JsonFilter compiled = FilterCompiler.compile(Json.parse(filter.getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        JsonNode tree = Json.parse(bytes);
        boolean onBytes = compiled.matchesStored(bytes);
        assertEquals(compiled.matches(tree), onBytes, "bytes and tree disagree: " + filter + " on " + stored);
        return onBytes;
    }

    @Test
    void anEscapedFieldNameIsComparedByItsText() {
        assertEquals(true, both("{\"q\\\"x\": 1}", "{\"a\": 0, \"q\\\"x\": 1}"));
        assertEquals(true, both("{\"\u00e9\": 2}", "{\"\\u00e9\": 2}"));
        assertEquals(false, both("{\"\u00e9\": 2}", "{\"\\u00e9\": 3}"));
    }

    @Test
    void pathsReachIntoArraysOfObjectsAndNumericFieldNames() {
        String stored = "{\"items\": [{\"n\": 1}, {\"n\": 2, \"tags\": [\"a\", \"b\"]}], \"0\": {\"n\": 5}}";
        assertEquals(true, both("{\"items.1.n\": 2}", stored));
        assertEquals(true, both("{\"items.01.tags.1\": \"b\"}", stored));
        assertEquals(false, both("{\"items.2.n\": {\"operator\": \"neq\", \"value\": 1}, \"items.0.n\": 2}", stored));
        assertEquals(true, both("{\"0.n\": {\"operator\": \"gte\", \"value\": 5}}", stored));
        assertEquals(true, both("{\"items.x\": {\"operator\": \"nin\", \"value\": [1]}}", stored));
    }

    @Test
    void aValueThatIsNotAnObjectHasOnlyMissingFieldsOrArrayElements() {
        assertEquals(false, both("{\"a\": 1}", "[1, 2]"));
        assertEquals(true, both("{\"1\": 2}", "[1, 2]"));
        assertEquals(true, both("{\"a\": {\"operator\": \"neq\", \"value\": 1}}", "\"text\""));
        assertEquals(false, both("{\"a\": {\"operator\": \"lt\", \"value\": 1}}", "17"));
    }

    @Test
    void nestedFiltersNeedAnObjectAndWhitespaceAnywhereIsSkipped() {
        String stored = " {\n \"d\" :\t{ \"e\" : [ 1 , {\"f\" : null} ] } , \"g\" : true }\n";
        assertEquals(true, both("{\"d\": {\"e.1.f\": null}, \"g\": true}", stored));
        assertEquals(false, both("{\"d\": {\"e.1.f\": null}, \"g\": false}", stored));
        assertEquals(false, both("{\"g\": {\"x\": 1}}", stored));
        assertEquals(true, both("{\"d.e\": {\"operator\": \"size\", \"value\": 2}}", stored));
    }

    @Test
    void damagedBytesAreReportedAsCorruptionNotGuessedAt() {
        JsonFilter f = FilterCompiler.compile(Json.parse("{\"b\": 1}".getBytes(StandardCharsets.UTF_8)));
        for (String damaged : new String[] {"{\"a\": 1", "{\"a\" 1, \"b\": 1}", "{\"a\": [1, 2", "{\"a\": \"x"}) {
            assertThrows(CorruptionException.class, () -> f.matchesStored(damaged.getBytes(StandardCharsets.UTF_8)),
                    damaged);
        }
    }
}
