package dev.mikrodb.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.RawJson;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.api.RawJsonAccess;
import dev.mikrodb.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A single write's body read with its value as bytes gives the request the tree path gives, or declines. */
class SingleWriteBodyTest {
    private static SingleWriteBody parse(String body) {
        return SingleWriteBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void valuesOfEveryKindAndLayoutGiveTheTreePathsRequest() {
        for (String value : List.of("{\"a\":1,\"b\":[1,2,{\"c\":\"x\"}]}", "[1, 2 ,3]", "\"text with \\\"quotes\\\"\"",
                "\"\u00e9\ud83d\ude00\"", "42", "-7.25", "1e3", "true", "false", "null", "{ \"spaced\" : [ ] }", "{}",
                "[]", "\"\"", "0", "-0.0", "123456789012345678901234567890")) {
            for (String layout : List.of("{\"tableName\":\"t\",\"key\":\"k\",\"value\":%s}",
                    "{ \"value\" : %s , \"key\" : \"k\", \"tableName\": \"t\", \"ttl\": 60 }",
                    "\n{\"databaseName\":\"shop\",\"tableName\":\"t\",\"key\":\"k\",\"value\":%s,"
                            + "\"expectedVersion\":3}\n")) {
                String body = String.format(layout, value);
                SingleWriteBody single = parse(body);
                assertNotNull(single, body);
                WriteRequest fast = single.request();
                JsonNode tree = WireJson.parse(body, "request body");
                WriteRequest slow = WriteRequestCodec.read(tree, "");
                assertEquals(slow.tableName(), fast.tableName(), body);
                assertEquals(slow.key(), fast.key(), body);
                assertEquals(slow.expectedVersion(), fast.expectedVersion(), body);
                assertEquals(slow.ttl(), fast.ttl(), body);
                assertEquals(Fields.optionalString(tree, "databaseName", ""), single.databaseName(), body);
                JsonNode stored = Json.parse(RawJsonAccess.bytes((RawJson) fast.value()));
                assertEquals(Json.parse(Json.toValueBytes((JsonNode) slow.value())), stored, body);
            }
        }
    }

    @Test
    void bodiesItCannotVouchForAreLeftToTheTreePath() {
        for (String body : List.of("", "[{\"tableName\":\"t\",\"key\":\"k\",\"value\":1}]", "\"just text\"",
                "{\"tableName\":\"t\",\"key\":\"k\"}", "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1,\"value\":2}",
                "{\"tableName\":\"t\",\"tableName\":\"u\",\"key\":\"k\",\"value\":1}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1} trailing",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1e400}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":[1,}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":NaN}")) {
            assertNull(parse(body), body);
        }
        byte[] badUtf8 = "{\"tableName\":\"t\",\"key\":\"k\",\"value\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        badUtf8[badUtf8.length - 3] = (byte) 0xC3;
        assertNull(SingleWriteBody.parse(badUtf8));
    }

    @Test
    void envelopeErrorsAreTheTreePathsErrors() {
        for (String body : List.of("{\"key\":\"k\",\"value\":1}", "{\"tableName\":5,\"key\":\"k\",\"value\":1}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1,\"colour\":\"red\"}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1,\"expectedVersion\":-1}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1,\"expiration\":5}")) {
            SingleWriteBody single = parse(body);
            assertNotNull(single, body);
            ValidationException fast = assertThrows(ValidationException.class, single::request, body);
            ValidationException slow = assertThrows(ValidationException.class,
                    () -> WriteRequestCodec.read(WireJson.parse(body, "request body"), ""), body);
            assertEquals(slow.getMessage(), fast.getMessage(), body);
        }
    }

    @Test
    void compactBodiesAreReadWithoutAParserAndOthersWithOne() {
        for (String body : List.of("{\"tableName\":\"t\",\"key\":\"k\",\"value\":{\"a\":[1,{\"b\":null}]}}",
                "{\"value\":\"v\",\"databaseName\":\"shop\",\"key\":\"caf\u00e9\",\"tableName\":\"t\"}",
                "{\"tableName\":\"\",\"key\":\"k\",\"value\":1}")) {
            assertNotNull(SingleWriteBody.compact(body.getBytes(StandardCharsets.UTF_8)), body);
        }
        // Each of these is read by the parser's path instead, to the same request as the tree path's.
        for (String body : List.of("{\"tableName\":\"t\",\"key\":\"k\\u0041\",\"value\":1}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1,\"ttl\":60}",
                "{\"tableName\":\"t\", \"key\":\"k\",\"value\":1}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1e3}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"value\":1,\"databaseName\":null}")) {
            assertNull(SingleWriteBody.compact(body.getBytes(StandardCharsets.UTF_8)), body);
            SingleWriteBody single = parse(body);
            assertNotNull(single, body);
            WriteRequest slow = WriteRequestCodec.read(WireJson.parse(body, "request body"), "");
            assertEquals(slow.key(), single.request().key(), body);
            assertEquals(slow.ttl(), single.request().ttl(), body);
        }
        // The envelope is the tree path's: its strings reach the same request, checked later as any other.
        String body = "{\"tableName\":\"\",\"key\":\"caf\u00e9\",\"value\":1,\"databaseName\":\"shop\"}";
        SingleWriteBody fast = SingleWriteBody.compact(body.getBytes(StandardCharsets.UTF_8));
        JsonNode tree = WireJson.parse(body, "request body");
        assertEquals(WriteRequestCodec.read(tree, "").tableName(), fast.request().tableName());
        assertEquals(WriteRequestCodec.read(tree, "").key(), fast.request().key());
        assertEquals("shop", fast.databaseName());
    }

    @Test
    void compactValuesAreStoredAsTheyArrived() {
        SingleWriteBody single = parse("{\"tableName\":\"t\",\"key\":\"k\",\"value\":{\"price\":1.50,\"n\":[1,2]}}");
        assertArrayEquals("{\"price\":1.50,\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8),
                RawJsonAccess.bytes((RawJson) single.request().value()));
    }
}
