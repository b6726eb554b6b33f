package dev.mikrodb.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key read's body read field by field gives the names the tree path reads, or declines. */
class KeyReadBodyTest {
    private static KeyReadBody parse(String body) {
        return KeyReadBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keyReadsInEveryLayoutGiveTheTreePathsNames() {
        for (String body : List.of("{\"tableName\":\"users\",\"key\":\"user1\"}",
                "{ \"key\" : \"user1\" , \"tableName\" : \"users\" }",
                "\n{\"databaseName\":\"shop\",\"tableName\":\"t\",\"key\":\"k\"}\n",
                "{\"tableName\":\"t\",\"key\":\"with \\\"quotes\\\" and \\\\ and \\u00e9\"}",
                "{\"tableName\":\"t\",\"key\":\"\u00e9\ud83d\ude00 \u4e2d\"}",
                "{\"tableName\":\"t\",\"key\":\"\"}", "{\"tableName\":\"\",\"key\":\"k\",\"databaseName\":\"\"}")) {
            KeyReadBody read = parse(body);
            assertNotNull(read, body);
            JsonNode tree = WireJson.parse(body, "request body");
            assertEquals(Fields.optionalString(tree, "databaseName", ""), read.databaseName(), body);
            assertEquals(Fields.requiredString(tree, "tableName", ""), read.tableName(), body);
            assertEquals(Fields.requiredString(tree, "key", ""), read.key(), body);
        }
    }

    @Test
    void bodiesItCannotVouchForAreLeftToTheTreePath() {
        String tooLong = "{\"tableName\":\"t\",\"key\":\"" + "k".repeat(5000) + "\"}";
        for (String body : List.of("", "[]", "\"just text\"", "{}", "{\"tableName\":\"t\"}", "{\"key\":\"k\"}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"options\":{}}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"withMetadata\":true}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"unknown\":\"x\"}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"key\":\"k2\"}",
                "{\"tableName\":\"t\",\"tableName\":\"u\",\"key\":\"k\"}",
                "{\"databaseName\":\"a\",\"databaseName\":\"b\",\"tableName\":\"t\",\"key\":\"k\"}",
                "{\"tableName\":\"t\",\"key\":7}", "{\"tableName\":null,\"key\":\"k\"}",
                "{\"tableName\":\"t\",\"key\":\"k\",\"databaseName\":null}",
                "{\"tableName\":\"t\",\"key\":\"k\"} trailing", "{\"tableName\":\"t\",\"key\":\"k\"",
                "{\"tableName\":\"t\",\"key\":\"k\",}", tooLong)) {
            assertNull(parse(body), body);
        }
        byte[] malformed = "{\"tableName\":\"t\",\"key\":\"k?\"}".getBytes(StandardCharsets.UTF_8);
        malformed[malformed.length - 3] = (byte) 0xC3; // a lead byte whose continuation is the closing quote
        assertNull(KeyReadBody.parse(malformed));
        byte[] overlong = "{\"tableName\":\"t\",\"key\":\"??\"}".getBytes(StandardCharsets.UTF_8);
        overlong[overlong.length - 4] = (byte) 0xC0; // an overlong encoding of '/'
        overlong[overlong.length - 3] = (byte) 0xAF;
        assertNull(KeyReadBody.parse(overlong));
    }
}
