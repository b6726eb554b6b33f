package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MongoDB's {@code $type} over the types JSON carries: by alias ({@code "string"}, {@code "number"}, ...) or BSON
 * type number. A JSON integer is an {@code int} when it fits 32 bits, else a {@code long}; a fraction is a
 * {@code double}; an integer beyond 64 bits (kept exactly by MikroDB) counts as a {@code decimal}.
 */
final class Types {
    private static final Map<String, Integer> ALIASES = Map.ofEntries(Map.entry("double", 1),
            Map.entry("string", 2), Map.entry("object", 3), Map.entry("array", 4), Map.entry("bool", 8),
            Map.entry("null", 10), Map.entry("int", 16), Map.entry("long", 18), Map.entry("decimal", 19),
            Map.entry("number", -1));

    private Types() {
    }

    static DocumentFilter.Condition condition(JsonNode arg, String where) {
        List<Integer> codes = new ArrayList<>();
        if (arg.isArray()) {
            if (arg.isEmpty()) {
                throw new ValidationException(where + "needs at least one type");
            }
            for (JsonNode t : arg) {
                codes.add(code(t, where));
            }
        } else {
            codes.add(code(arg, where));
        }
        return values -> {
            for (JsonNode v : values.values) {
                for (int c : codes) {
                    if (has(v, c)) {
                        return true;
                    }
                    if (v.isArray() && c != 4 && !values.asIs) {
                        for (JsonNode e : v) {
                            if (has(e, c)) {
                                return true;
                            }
                        }
                    }
                }
            }
            return false;
        };
    }

    private static int code(JsonNode t, String where) {
        if (t.isTextual() && ALIASES.containsKey(t.textValue())) {
            return ALIASES.get(t.textValue());
        }
        if (t.isIntegralNumber() && ALIASES.containsValue(t.intValue()) && t.intValue() > 0) {
            return t.intValue();
        }
        throw new ValidationException(where + "unknown type " + Describe.of(t) + "; supported: double, string, "
                + "object, array, bool, null, int, long, decimal, number (or their BSON numbers)");
    }

    private static boolean has(JsonNode v, int code) {
        return switch (code) {
            case -1 -> v.isNumber();
            case 1 -> v.isFloatingPointNumber() && !v.isBigDecimal();
            case 2 -> v.isTextual();
            case 3 -> v.isObject();
            case 4 -> v.isArray();
            case 8 -> v.isBoolean();
            case 10 -> v.isNull();
            case 16 -> v.isInt() || v.isShort();
            case 18 -> v.isLong();
            case 19 -> v.isBigDecimal() || v.isBigInteger();
            default -> false;
        };
    }
}
