package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.query.JsonValues;
import java.util.Iterator;
import java.util.Map;

/**
 * Equality and order of JSON values as MongoDB defines them for the BSON types JSON can carry. Values of different
 * types never equal each other ({@code 1} is not {@code "1"}); they order by type first (MongoDB's "type bracketing":
 * null, numbers, strings, objects, arrays, booleans), then by value within a type. Numbers compare by value whatever
 * their representation ({@code 1 == 1.0}); strings by code point (MongoDB's binary comparison of UTF-8); objects field
 * by field in order, names then values; arrays element by element.
 */
public final class BsonOrder {
    private BsonOrder() {
    }

    /**
     * MongoDB's "undefined", the sort key of an empty array: below null. Only sort keys hold it, never a stored value
     * (JSON has no such value); it is told apart by identity.
     */
    public static final JsonNode UNDEFINED = new com.fasterxml.jackson.databind.node.POJONode("undefined");

    /** MongoDB's sort order of types: lower first. Missing values sort as null. */
    public static int typeRank(JsonNode n) {
        if (n == UNDEFINED) {
            return 0;
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            return 1;
        }
        if (n.isNumber()) {
            return 2;
        }
        if (n.isTextual()) {
            return 3;
        }
        if (n.isObject()) {
            return 4;
        }
        if (n.isArray()) {
            return 5;
        }
        if (n.isBoolean()) {
            return 8;
        }
        return 9; // binary and other nodes JSON input never produces
    }

    /** Total order over values; null and missing are equal and lowest. */
    public static int compare(JsonNode a, JsonNode b) {
        int ra = typeRank(a);
        int rb = typeRank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0, 1 -> 0;
            case 2 -> JsonValues.compareNumbers(a, b);
            case 3 -> compareCodePoints(a.textValue(), b.textValue());
            case 4 -> compareObjects(a, b);
            case 5 -> compareArrays(a, b);
            case 8 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            default -> 0;
        };
    }

    /** Equal as MongoDB's equality match sees it: same type and value; objects with the same fields in order. */
    public static boolean equal(JsonNode a, JsonNode b) {
        return typeRank(a) == typeRank(b) && compare(a, b) == 0;
    }

    /** Whether both are of one comparison bracket, so that $gt and friends may compare them. */
    public static boolean sameBracket(JsonNode a, JsonNode b) {
        return typeRank(a) == typeRank(b);
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static int compareObjects(JsonNode a, JsonNode b) {
        Iterator<Map.Entry<String, JsonNode>> x = a.fields();
        Iterator<Map.Entry<String, JsonNode>> y = b.fields();
        while (x.hasNext() && y.hasNext()) {
            Map.Entry<String, JsonNode> fx = x.next();
            Map.Entry<String, JsonNode> fy = y.next();
            int c = Integer.compare(typeRank(fx.getValue()), typeRank(fy.getValue()));
            if (c == 0) {
                c = compareCodePoints(fx.getKey(), fy.getKey());
            }
            if (c == 0) {
                c = compare(fx.getValue(), fy.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }

    private static int compareArrays(JsonNode a, JsonNode b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
