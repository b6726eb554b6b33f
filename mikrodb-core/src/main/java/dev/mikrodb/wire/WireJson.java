package dev.mikrodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.json.Json;

/**
 * JSON as the server, the client and the shell speak it: one strict parser for what users send (well-formed UTF-8,
 * exactly one value, finite numbers, bounded nesting; every problem a {@link ValidationException} naming the input)
 * and one mapper for answers.
 */
public final class WireJson {
    private WireJson() {
    }

    public static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    public static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return Json.MAPPER.createArrayNode();
    }

    /** A parse error of Jackson's in plain words, with its line and column. */
    public static String describe(com.fasterxml.jackson.core.JsonProcessingException e) {
        return Json.describe(e);
    }

    /** Parses user input strictly; {@code what} names it in errors ("request body", "filter", ...). */
    public static JsonNode parse(byte[] json, String what) {
        return Json.parseUserJson(json, what);
    }

    public static JsonNode parse(String json, String what) {
        return Json.parseUserJson(json, what);
    }

    /** Parses an answer or event this codec wrote; failures are ValidationExceptions too. */
    public static JsonNode parseAnswer(byte[] json) {
        return Json.parseUserJson(json, "answer");
    }

    public static byte[] toBytes(Object value) {
        return Json.toBytes(value);
    }

    public static String toString(JsonNode node) {
        return Json.toString(node);
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text) {
        return Json.quote(text);
    }
}
