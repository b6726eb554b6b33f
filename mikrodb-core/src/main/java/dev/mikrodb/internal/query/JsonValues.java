package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** Equality and ordering of JSON values as the filter language defines them. */
public final class JsonValues {
    private static final long EXACT_DOUBLE_LIMIT = 1L << 53;

    private JsonValues() {
    }

    /** Deep equality; numbers by value whatever their representation ({@code 1 == 1.0}). */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode other = b.get(f.getKey());
                if (other == null || !equal(f.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Compares two numeric nodes by value, exactly. */
    public static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (fitsDouble(a) && fitsDouble(b)) {
            return compareDoubles(a.doubleValue(), b.doubleValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    /**
     * Orders two doubles by value: {@code -0.0} equals {@code 0.0}, as in JavaScript, MongoDB and JSON, where they
     * are the same number ({@link Double#compare} puts -0.0 first). JSON has no NaN, so none arrives here.
     */
    public static int compareDoubles(double a, double b) {
        return a < b ? -1 : (a > b ? 1 : 0);
    }

    private static boolean fitsDouble(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            return true;
        }
        if (n.isInt() || n.isShort()) {
            return true;
        }
        return n.isLong() && Math.abs(n.longValue()) <= EXACT_DOUBLE_LIMIT;
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            return new BigDecimal(n.doubleValue());
        }
        return n.decimalValue();
    }

    /**
     * Orders two values of the same kind (both numbers or both strings) and returns null for any other pair, which
     * the range operators treat as "no match" rather than coercing.
     */
    static Integer compareSameKind(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b);
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        return null;
    }

    /** Resolves a dot path split into segments; a numeric segment indexes an array. Returns null when missing. */
    public static JsonNode resolve(JsonNode root, String[] path) {
        JsonNode node = root;
        for (String segment : path) {
            if (node == null) {
                return null;
            }
            if (node.isObject()) {
                node = node.get(segment);
            } else if (node.isArray() && isIndex(segment)) {
                node = node.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return node;
    }

    /** A path segment that indexes an array: up to nine digits (also read by {@link SpanLocator}). */
    static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
