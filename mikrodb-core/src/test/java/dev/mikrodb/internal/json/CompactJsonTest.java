package dev.mikrodb.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mikrodb.RawJson;
import dev.mikrodb.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactJsonTest {
    private static final ObjectMapper STRICT = Json.MAPPER.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static boolean storable(String json) {
        return CompactJson.isStorableAsIs(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compactJsonIsStoredAsGiven() {
        for (String json : new String[] {
            "{\"id\":1,\"name\":\"User 1\",\"tags\":[\"t1\",\"t2\"],\"active\":true,\"x\":null}",
            "[]", "{}", "0", "-12", "3.25", "-0.5", "\"\"", "true", "false", "null", "[[],{}]",
            "\"caf\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\u0000 \uD83D\uDE00\"",
            "{\"a\":{\"a\":{\"a\":1}},\"b\":[{\"a\":1},{\"a\":2}]}", // the same name in other objects
            "123456789012345678", "0.000000000000000000000000000001",
        }) {
            assertTrue(storable(json), json);
            assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), RawJson.of(json).toBytes(), json);
        }
    }

    @Test
    void anythingUnusualTakesTheParsingPath() {
        for (String json : new String[] {
            "", " 1", "1 ", "{ }", "[1, 2]", "{\"a\" :1}", // whitespace
            "{\"a\":1,\"a\":2}", "{\"b\":{\"a\":1,\"a\":1}}", // duplicate names
            "{\"\\u0061\":1}", // an escaped name
            "1e3", "1E3", "1.5e-3", "1234567890123456789", "1.0000000000000000000000000000001", // number forms
            "\"\\ud800\"", "\"\\uDC00x\"", // surrogate escapes
        }) {
            assertFalse(storable(json), json);
        }
        assertFalse(storable("[".repeat(CompactJson.MAX_DEPTH + 1) + "]".repeat(CompactJson.MAX_DEPTH + 1)));
        assertTrue(storable("[".repeat(CompactJson.MAX_DEPTH) + "]".repeat(CompactJson.MAX_DEPTH)));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= CompactJson.MAX_FIELDS; i++) {
            many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        assertFalse(storable(many.append('}').toString()));
    }

    @Test
    void valuesTheParserAcceptsAreStoredCompacted() {
        assertEquals("{\"a\":[1,2000.0]}", RawJson.of("{ \"a\" : [1, 2e3] }").toString());
        assertEquals("{\"a\":2}", RawJson.of("{\"a\":1,\"a\":2}").toString()); // the parser keeps the last
    }

    @Test
    void invalidJsonIsRefusedByTheParserWithItsMessage() {
        for (String json : new String[] {
            "", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "+1", "tru", "nul", "\"\u0001\"", "\"\\x\"",
            "\"\\u12\"", "{a:1}", "'a'", "[1][2]", "NaN", "1e999", "[1e400]",
        }) {
            assertFalse(storable(json), json);
            ValidationException e = assertThrows(ValidationException.class, () -> RawJson.of(json), json);
            assertTrue(e.getMessage().startsWith("value "), e.getMessage());
        }
        byte[] badUtf8 = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertFalse(CompactJson.isStorableAsIs(badUtf8));
        assertThrows(ValidationException.class, () -> RawJson.of(badUtf8));
        byte[] encodedSurrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertFalse(CompactJson.isStorableAsIs(encodedSurrogate));
    }

    @Test
    void theCallersArrayIsCopied() {
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        RawJson value = RawJson.of(json);
        json[5] = '2';
        assertEquals("{\"a\":1}", value.toString());
        value.toBytes()[5] = '3';
        assertEquals("{\"a\":1}", value.toString());
        assertEquals(value, RawJson.of("{\"a\":1}"));
    }

    /**
     * Random mutations of valid documents (bytes replaced, inserted, deleted, swapped for JSON's special characters):
     * whatever is accepted as is must be accepted by the parser, without duplicate names, and read back equal.
     */
    @Test
    void neverAcceptsWhatTheParserRefusesOrWouldChange() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] seeds = {
            "{\"id\":12,\"name\":\"User \\\"12\\\"\",\"tags\":[\"t1\",\"t2\"],\"n\":-0.25,\"o\":{\"a\":null,\"b\":true}}",
            "[\"caf\u00e9\",\"\uD83D\uDE00\",\"\\u00e9\\n\",1,2.5,[],{}]",
            // Strings over eight bytes, read a word at a time: mutations land at every offset within a word.
            "{\"a long field name\":\"Lorem ipsum dolor sit amet, caf\u00e9 \\\" consectetur\",\"x\":\"0123456789abcdef\"}",
        };
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] b = mutated(seeds, random);
            if (!CompactJson.isStorableAsIs(b)) {
                continue;
            }
            accepted++;
            String where = "seed " + seed + ", input " + new String(b, StandardCharsets.UTF_8);
            JsonNode parsed;
            try {
                parsed = Json.parseUserJson(b, "value");
                STRICT.readTree(b);
            } catch (Exception e) {
                throw new AssertionError("accepted as is but refused: " + e.getMessage() + "; " + where, e);
            }
            assertEquals(parsed, Json.parse(RawJson.of(b).toBytes()), where);
        }
        assertTrue(accepted > 1_000, "too few mutations were valid to mean anything: " + accepted);
    }

    /**
     * objectFields agrees with isStorableAsIs on objects, and the spans it gives are the fields the parser reads, in
     * order: random mutations of objects, as above.
     */
    @Test
    void objectFieldsAreTheParsersFieldsOfAStorableObject() throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] seeds = {
            "{\"tableName\":\"users\",\"key\":\"u1\",\"value\":{\"a\":[1,2,{\"b\":\"x\"}],\"c\":null}}",
            "{\"k\":\"caf\u00e9 \\\"q\\\"\",\"n\":-1.5,\"t\":true,\"o\":{},\"a\":[]}",
        };
        int checked = 0;
        for (int round = 0; round < 100_000; round++) {
            byte[] b = mutated(seeds, random);
            int[] spans = new int[4 * 8];
            int fields = CompactJson.objectFields(b, spans);
            String where = "seed " + seed + ", input " + new String(b, StandardCharsets.UTF_8);
            boolean object = b.length > 0 && b[0] == '{';
            assertEquals(object && CompactJson.isStorableAsIs(b), fields >= 0, where);
            if (fields < 0) {
                continue;
            }
            checked++;
            JsonNode parsed = STRICT.readTree(b);
            assertEquals(parsed.size(), fields, where);
            java.util.Iterator<String> names = parsed.fieldNames();
            for (int i = 0; i < 4 * fields; i += 4) {
                String name = new String(b, spans[i] + 1, spans[i + 1] - spans[i] - 2, StandardCharsets.UTF_8);
                assertEquals(names.next(), name, where);
                byte[] value = java.util.Arrays.copyOfRange(b, spans[i + 2], spans[i + 3]);
                assertTrue(CompactJson.isStorableAsIs(value), where);
                assertEquals(parsed.get(name), Json.parse(value), where);
            }
        }
        assertTrue(checked > 1_000, "too few mutations were storable objects to mean anything: " + checked);
        assertEquals(-1, CompactJson.objectFields("{\"a\":1,\"b\":2}".getBytes(StandardCharsets.UTF_8), new int[4]),
                "more fields than the spans hold");
        assertEquals(0, CompactJson.objectFields("{}".getBytes(StandardCharsets.UTF_8), new int[4]));
        assertEquals(-1, CompactJson.objectFields("[1]".getBytes(StandardCharsets.UTF_8), new int[4]));
    }

    /** JSON's special characters, and a multi-byte one, for mutations to put in. */
    private static final byte[] SPECIAL = "{}[]\",:\\.-0123456789eEtrufalsn \u00e9".getBytes(StandardCharsets.UTF_8);

    /** One of {@code seeds}, mutated one to three times. */
    private static byte[] mutated(String[] seeds, Random random) {
        byte[] b = seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8);
        for (int m = random.nextInt(3); m >= 0; m--) {
            b = mutate(b, random);
        }
        return b;
    }

    private static byte[] mutate(byte[] b, Random random) {
        int at = random.nextInt(b.length);
        byte c = random.nextBoolean() ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] copy = b.clone();
                copy[at] = c;
                yield copy;
            }
            case 1 -> {
                byte[] copy = new byte[b.length + 1];
                System.arraycopy(b, 0, copy, 0, at);
                copy[at] = c;
                System.arraycopy(b, at, copy, at + 1, b.length - at);
                yield copy;
            }
            default -> {
                byte[] copy = new byte[b.length - 1];
                System.arraycopy(b, 0, copy, 0, at);
                System.arraycopy(b, at + 1, copy, at, b.length - at - 1);
                yield copy;
            }
        };
    }
}
