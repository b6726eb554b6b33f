package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Filter;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the JSON filter language (docs/queries.md) into a tree of {@link Filter}s, checking it completely first:
 * a bad filter is a {@link ValidationException} naming the field. A compiled filter throws while it runs in one case
 * only: a regex whose evaluation exceeds its step budget ({@link BudgetedText}), also a ValidationException.
 *
 * <p>Semantics in brief: fields of one object are ANDed; {@code $or} takes a non-empty array of filters; a plain
 * value means equality; {@code {"operator": OP, "value": V}} applies an operator; any other object is a nested filter
 * on that field. A missing field matches only {@code neq} and {@code nin}.
 */
public final class FilterCompiler {
    private static final Filter ALWAYS = v -> true;

    private FilterCompiler() {
    }

    public static Filter compile(JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            throw new ValidationException("filter must be a JSON object; got " + describe(filter));
        }
        return compileObject(filter, "");
    }

    /**
     * One MikroDB-language condition ({@code {"operator": "gt", "value": 1}}) on {@code path}: what the document
     * filter language falls back to, so MikroDB's operators work in both.
     */
    public static Filter compileCondition(String path, JsonNode condition) {
        return compileOperator(path, condition);
    }

    private static Filter compileObject(JsonNode object, String prefix) {
        List<Filter> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("$or")) {
                parts.add(compileOr(field.getValue(), prefix));
                continue;
            }
            if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new ValidationException("filter field '" + prefix + name + "' is not a valid path");
            }
            if (name.startsWith("$")) {
                throw new ValidationException("filter field '" + prefix + name + "': unknown operator '" + name
                        + "'; only $or is supported at field level");
            }
            parts.add(compileField(prefix + name, field.getValue()));
        }
        if (parts.isEmpty()) {
            return ALWAYS;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Filter[] all = parts.toArray(Filter[]::new);
        return value -> {
            for (Filter f : all) {
                if (!f.matches(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Filter compileOr(JsonNode alternatives, String prefix) {
        if (!alternatives.isArray() || alternatives.isEmpty()) {
            throw new ValidationException("filter field '" + prefix + "$or' must be a non-empty array of filters; got "
                    + describe(alternatives));
        }
        Filter[] any = new Filter[alternatives.size()];
        for (int i = 0; i < any.length; i++) {
            JsonNode alt = alternatives.get(i);
            if (!alt.isObject()) {
                throw new ValidationException("filter field '" + prefix + "$or' element " + i
                        + " must be a filter object; got " + describe(alt));
            }
            any[i] = compileObject(alt, prefix);
        }
        return value -> {
            for (Filter f : any) {
                if (f.matches(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Filter compileField(String path, JsonNode condition) {
        if (condition.isObject() && condition.has("operator")) {
            return compileOperator(path, condition);
        }
        if (condition.isObject()) {
            Filter nested = compileObject(condition, path + ".");
            String[] segments = QueryPaths.split(path);
            return value -> {
                JsonNode node = JsonValues.resolve(value, segments);
                return node != null && node.isObject() && nested.matches(value);
            };
        }
        return equality(path, condition);
    }

    private static Filter equality(String path, JsonNode expected) {
        String[] segments = QueryPaths.split(path);
        return value -> {
            JsonNode actual = JsonValues.resolve(value, segments);
            return actual != null && JsonValues.equal(actual, expected);
        };
    }

    private static Filter compileOperator(String path, JsonNode condition) {
        JsonNode opNode = condition.get("operator");
        if (!opNode.isTextual()) {
            throw new ValidationException("filter field '" + path + "': operator must be a string; got "
                    + describe(opNode));
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
        String[] segments = QueryPaths.split(path);
        String where = "filter field '" + path + "': operator '" + op + "' ";
        return switch (op) {
            case "eq" -> equality(path, v);
            case "neq" -> value -> {
                JsonNode actual = JsonValues.resolve(value, segments);
                return actual == null || !JsonValues.equal(actual, v);
            };
            case "gt" -> range(segments, requireOrderable(v, where), c -> c > 0);
            case "gte" -> range(segments, requireOrderable(v, where), c -> c >= 0);
            case "lt" -> range(segments, requireOrderable(v, where), c -> c < 0);
            case "lte" -> range(segments, requireOrderable(v, where), c -> c <= 0);
            case "between" -> between(segments, v, where);
            case "in" -> {
                JsonNode options = requireArray(v, where);
                yield value -> {
                    JsonNode actual = JsonValues.resolve(value, segments);
                    return actual != null && containsEqual(options, actual);
                };
            }
            case "nin" -> {
                JsonNode options = requireArray(v, where);
                yield value -> {
                    JsonNode actual = JsonValues.resolve(value, segments);
                    return actual == null || !containsEqual(options, actual);
                };
            }
            case "like" -> {
                if (!v.isTextual()) {
                    throw new ValidationException(where + "needs a string value; got " + describe(v));
                }
                String needle = v.textValue().toLowerCase(Locale.ROOT);
                yield value -> {
                    JsonNode actual = JsonValues.resolve(value, segments);
                    return actual != null && actual.isTextual()
                            && actual.textValue().toLowerCase(Locale.ROOT).contains(needle);
                };
            }
            case "regex" -> regex(segments, v, where);
            case "contains" -> value -> {
                JsonNode actual = JsonValues.resolve(value, segments);
                if (actual == null) {
                    return false;
                }
                if (actual.isArray()) {
                    return containsEqual(actual, v);
                }
                return actual.isTextual() && v.isTextual() && actual.textValue().contains(v.textValue());
            };
            case "containsAll" -> arrayHolding(segments, requireArray(v, where), true);
            case "containsAny" -> arrayHolding(segments, requireArray(v, where), false);
            case "size" -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                    throw new ValidationException(where + "needs a non-negative integer value; got " + describe(v));
                }
                long size = v.longValue();
                yield value -> {
                    JsonNode actual = JsonValues.resolve(value, segments);
                    return actual != null && actual.isArray() && actual.size() == size;
                };
            }
            default -> throw new ValidationException("filter field '" + path + "': unknown operator '" + op
                    + "'; expected one of eq, neq, gt, gte, lt, lte, between, in, nin, like, regex, contains, "
                    + "containsAll, containsAny, size");
        };
    }

    /** The field is an array holding every element of {@code wanted} ({@code all}) or at least one. */
    private static Filter arrayHolding(String[] segments, JsonNode wanted, boolean all) {
        return value -> {
            JsonNode actual = JsonValues.resolve(value, segments);
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

    private interface Comparison {
        boolean accept(int comparison);
    }

    private static Filter range(String[] segments, JsonNode bound, Comparison test) {
        return value -> {
            JsonNode actual = JsonValues.resolve(value, segments);
            if (actual == null) {
                return false;
            }
            Integer c = JsonValues.compareSameKind(actual, bound);
            return c != null && test.accept(c);
        };
    }

    private static Filter between(String[] segments, JsonNode v, String where) {
        if (!v.isArray() || v.size() != 2) {
            throw new ValidationException(where + "needs an array of two bounds [low, high]; got " + describe(v));
        }
        JsonNode low = requireOrderable(v.get(0), where);
        JsonNode high = requireOrderable(v.get(1), where);
        if (low.isNumber() != high.isNumber()) {
            throw new ValidationException(where + "bounds must both be numbers or both strings; got " + v);
        }
        return value -> {
            JsonNode actual = JsonValues.resolve(value, segments);
            if (actual == null) {
                return false;
            }
            Integer lo = JsonValues.compareSameKind(actual, low);
            Integer hi = JsonValues.compareSameKind(actual, high);
            return lo != null && hi != null && lo >= 0 && hi <= 0;
        };
    }

    private static Filter regex(String[] segments, JsonNode v, String where) {
        if (!v.isTextual()) {
            throw new ValidationException(where + "needs a string pattern; got " + describe(v));
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(v.textValue());
        } catch (PatternSyntaxException e) {
            // The seed's documented behaviour: an invalid pattern matches nothing rather than failing the query.
            return value -> false;
        }
        return value -> {
            JsonNode actual = JsonValues.resolve(value, segments);
            if (actual == null || !actual.isTextual()) {
                return false;
            }
            return SafeRegex.find(pattern, actual.textValue(), where);
        };
    }

    private static JsonNode requireOrderable(JsonNode v, String where) {
        if (!v.isNumber() && !v.isTextual()) {
            throw new ValidationException(where + "needs a number or string value; got " + describe(v));
        }
        return v;
    }

    private static JsonNode requireArray(JsonNode v, String where) {
        if (!v.isArray()) {
            throw new ValidationException(where + "needs an array value; got " + describe(v));
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

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (text.length() > 60
                ? text.substring(0, 60) + "..." : text);
    }
}
