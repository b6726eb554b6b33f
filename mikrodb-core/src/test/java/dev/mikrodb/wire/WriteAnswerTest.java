package dev.mikrodb.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The single write's answer: the bytes Jackson writes, read back without it, and anything else left to Jackson. */
class WriteAnswerTest {
    private static long versionOf(String body) {
        return WriteAnswer.versionOf(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesWhatJacksonWritesAndReadsItBack() {
        for (long version : new long[] {1, 9, 10, 12_345, 999_999_999_999_999_999L}) {
            ObjectNode tree = WireJson.object().put("success", true).put("version", version);
            assertEquals(new String(WireJson.toBytes(tree), StandardCharsets.UTF_8),
                    new String(WriteAnswer.of(version), StandardCharsets.US_ASCII), "version " + version);
            assertEquals(version, WriteAnswer.versionOf(WriteAnswer.of(version)), "version " + version);
        }
    }

    @Test
    void anyOtherBodyIsLeftToTheJsonReader() {
        for (String body : new String[] {"", "{}", "{\"success\":true,\"version\":}", "{\"success\":true,\"version\":1",
                "{\"success\":true,\"version\":1 }", "{\"success\":true, \"version\":1}",
                "{\"success\":true,\"version\":-1}", "{\"success\":true,\"version\":01}",
                "{\"success\":true,\"version\":1.5}", "{\"success\":true,\"version\":1e3}",
                "{\"success\":false,\"version\":1}", "{\"success\":true,\"version\":1234567890123456789}",
                "{\"success\":true,\"version\":\"1\"}", "{\"success\":true,\"version\":1,\"x\":2}"}) {
            assertEquals(-1, versionOf(body), body);
        }
        assertEquals(0, versionOf("{\"success\":true,\"version\":0}"), "a single zero is a number like any other");
    }
}
