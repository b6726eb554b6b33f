package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Filter;
import dev.mikrodb.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles the JSON filter language (docs/queries.md) into a {@link JsonFilter}, checking it completely first:
 * a bad filter is a {@link ValidationException} naming the field. A compiled filter throws while it runs in one case
 * only: a regex whose evaluation exceeds its step budget ({@link BudgetedText}), also a ValidationException.
 *
 * <p>Semantics in brief: fields of one object are ANDed; {@code $or} takes a non-empty array of filters; a plain
 * value means equality; {@code {"operator": OP, "value": V}} applies an operator; any other object is a nested filter
 * on that field. A missing field matches only {@code neq} and {@code nin}.
 */
public final class FilterCompiler {
    private FilterCompiler() {
    }

    /** Checks and compiles a filter, in both its forms (over trees and over stored bytes). */
    public static JsonFilter compile(JsonNode filter) {
        if (filter == null || !filter.isObject()) {
            throw new ValidationException("filter must be a JSON object; got " + describe(filter));
        }
        Filter tree = compileObject(filter, "", TreeFilters.INSTANCE);
        SpanLocator locator = new SpanLocator();
        StoredFilters.StoredFilter stored = compileObject(filter, "", new StoredFilters(locator));
        return new JsonFilter(tree, locator, stored);
    }

    /**
     * One MikroDB-language condition ({@code {"operator": "gt", "value": 1}}) on {@code path}: what the document
     * filter language falls back to, so MikroDB's operators work in both.
     */
    public static Filter compileCondition(String path, JsonNode condition) {
        return TreeFilters.INSTANCE.test(QueryPaths.split(path), Conditions.of(path, condition));
    }

    private static <T> T compileObject(JsonNode object, String prefix, Assembly<T> assembly) {
        List<T> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("$or")) {
                parts.add(compileOr(field.getValue(), prefix, assembly));
                continue;
            }
            if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                throw new ValidationException("filter field '" + prefix + name + "' is not a valid path");
            }
            if (name.startsWith("$")) {
                throw new ValidationException("filter field '" + prefix + name + "': unknown operator '" + name
                        + "'; only $or is supported at field level");
            }
            parts.add(compileField(prefix + name, field.getValue(), assembly));
        }
        if (parts.isEmpty()) {
            return assembly.always();
        }
        return parts.size() == 1 ? parts.get(0) : assembly.all(parts);
    }

    private static <T> T compileOr(JsonNode alternatives, String prefix, Assembly<T> assembly) {
        if (!alternatives.isArray() || alternatives.isEmpty()) {
            throw new ValidationException("filter field '" + prefix + "$or' must be a non-empty array of filters; got "
                    + describe(alternatives));
        }
        List<T> any = new ArrayList<>();
        for (int i = 0; i < alternatives.size(); i++) {
            JsonNode alt = alternatives.get(i);
            if (!alt.isObject()) {
                throw new ValidationException("filter field '" + prefix + "$or' element " + i
                        + " must be a filter object; got " + describe(alt));
            }
            any.add(compileObject(alt, prefix, assembly));
        }
        return assembly.any(any);
    }

    private static <T> T compileField(String path, JsonNode condition, Assembly<T> assembly) {
        String[] segments = QueryPaths.split(path);
        if (condition.isObject() && condition.has("operator")) {
            return assembly.test(segments, Conditions.of(path, condition));
        }
        if (condition.isObject()) { // a nested filter: the field is an object, and its fields pass
            T nested = compileObject(condition, path + ".", assembly);
            return assembly.all(List.of(assembly.test(segments, Conditions.IS_OBJECT), nested));
        }
        return assembly.test(segments, Conditions.equalTo(condition));
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
