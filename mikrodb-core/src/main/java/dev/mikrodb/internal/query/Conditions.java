package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ValidationException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filter language's operators ({@code {"operator": OP, "value": V}}, docs/queries.md) as {@link Condition}s,
 * each checked completely when compiled: a bad one is a {@link ValidationException} naming the field.
 */
final class Conditions {
    /** A nested filter's own test: the field is an object (its fields are tested by the nested conditions). */
    static final Condition IS_OBJECT = new Condition() {
        @Override
        public boolean test(JsonNode actual) {
            return actual != null && actual.isObject();
        }

        @Override
        public boolean test(byte[] b, int start, int end) {
            return start >= 0 && b[start] == '{';
        }
    };

    private Conditions() {
    }

    /** A plain value in a filter: the field equals it. */
    static Condition equalTo(JsonNode expected) {
        return ScalarConditions.oneOf(List.of(expected), false);
    }

    /** The condition {@code {"operator": OP, "value": V}} on {@code path} (named in errors). */
    static Condition of(String path, JsonNode condition) {
        JsonNode opNode = condition.get("operator");
        if (!opNode.isTextual()) {
            throw new ValidationException("filter field '" + path + "': operator must be a string; got "
                    + FilterCompiler.describe(opNode));
        }
        String op = opNode.textValue();
        Iterator<String> names = condition.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("operator") && !n.equals("value")) {
                throw new ValidationException("filter field '" + path + "': unexpected key '" + n
                        + "' next to operator; expected only operator and value");
            }
        }
        if (!condition.has("value")) {
            throw new ValidationException("filter field '" + path + "': operator '" + op + "' needs a value");
        }
        JsonNode v = condition.get("value");
        String where = "filter field '" + path + "': operator '" + op + "' ";
        return switch (op) {
            case "eq" -> equalTo(v);
            case "neq" -> ScalarConditions.oneOf(List.of(v), true);
            case "gt" -> ScalarConditions.range(requireOrderable(v, where), c -> c > 0);
            case "gte" -> ScalarConditions.range(requireOrderable(v, where), c -> c >= 0);
            case "lt" -> ScalarConditions.range(requireOrderable(v, where), c -> c < 0);
            case "lte" -> ScalarConditions.range(requireOrderable(v, where), c -> c <= 0);
            case "between" -> between(v, where);
            case "in" -> ScalarConditions.oneOf(requireArray(v, where), false);
            case "nin" -> ScalarConditions.oneOf(requireArray(v, where), true);
            case "like" -> like(v, where);
            case "regex" -> regex(v, where);
            case "contains" -> actual -> {
                if (actual == null) {
                    return false;
                }
                if (actual.isArray()) {
                    return containsEqual(actual, v);
                }
                return actual.isTextual() && v.isTextual() && actual.textValue().contains(v.textValue());
            };
            case "containsAll" -> arrayHolding(requireArray(v, where), true);
            case "containsAny" -> arrayHolding(requireArray(v, where), false);
            case "size" -> size(v, where);
            default -> throw new ValidationException("filter field '" + path + "': unknown operator '" + op
                    + "'; expected one of eq, neq, gt, gte, lt, lte, between, in, nin, like, regex, contains, "
                    + "containsAll, containsAny, size");
        };
    }

    private static Condition between(JsonNode v, String where) {
        if (!v.isArray() || v.size() != 2) {
            throw new ValidationException(where + "needs an array of two bounds [low, high]; got "
                    + FilterCompiler.describe(v));
        }
        JsonNode low = requireOrderable(v.get(0), where);
        JsonNode high = requireOrderable(v.get(1), where);
        if (low.isNumber() != high.isNumber()) {
            throw new ValidationException(where + "bounds must both be numbers or both strings; got " + v);
        }
        return ScalarConditions.between(low, high);
    }

    private static Condition like(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new ValidationException(where + "needs a string value; got " + FilterCompiler.describe(v));
        }
        String needle = v.textValue().toLowerCase(Locale.ROOT);
        return actual -> actual != null && actual.isTextual()
                && actual.textValue().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Condition regex(JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new ValidationException(where + "needs a string pattern; got " + FilterCompiler.describe(v));
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(v.textValue());
        } catch (PatternSyntaxException e) {
            // The seed's documented behaviour: an invalid pattern matches nothing rather than failing the query.
            return actual -> false;
        }
        return actual -> actual != null && actual.isTextual() && SafeRegex.find(pattern, actual.textValue(), where);
    }

    private static Condition size(JsonNode v, String where) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new ValidationException(where + "needs a non-negative integer value; got "
                    + FilterCompiler.describe(v));
        }
        long size = v.longValue();
        return actual -> actual != null && actual.isArray() && actual.size() == size;
    }

    /** The field is an array holding every element of {@code wanted} ({@code all}) or at least one. */
    private static Condition arrayHolding(JsonNode wanted, boolean all) {
        return actual -> {
            if (actual == null || !actual.isArray()) {
                return false;
            }
            for (JsonNode w : wanted) {
                if (containsEqual(actual, w) != all) {
                    return !all;
                }
            }
            return all;
        };
    }

    private static JsonNode requireOrderable(JsonNode v, String where) {
        if (!v.isNumber() && !v.isTextual()) {
            throw new ValidationException(where + "needs a number or string value; got "
                    + FilterCompiler.describe(v));
        }
        return v;
    }

    private static JsonNode requireArray(JsonNode v, String where) {
        if (!v.isArray()) {
            throw new ValidationException(where + "needs an array value; got " + FilterCompiler.describe(v));
        }
        return v;
    }

    private static boolean containsEqual(JsonNode array, JsonNode wanted) {
        for (JsonNode element : array) {
            if (JsonValues.equal(element, wanted)) {
                return true;
            }
        }
        return false;
    }
}
