package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Filter;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.query.BytesFilter;
import dev.mikrodb.internal.query.FilterCompiler;
import dev.mikrodb.internal.query.Projection;
import dev.mikrodb.internal.query.StoredComparisons;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles MongoDB's query language into a {@link Filter}, with MongoDB's semantics: implicit AND, dot paths that walk
 * into arrays ({@link PathValues}), operators that match an array field when any element matches, equality without
 * coercion across types, and range operators only within a type bracket ({@link BsonOrder}). A MikroDB-language
 * condition ({@code {"operator": "gt", "value": 1}}) on a field is accepted too and keeps its own semantics.
 *
 * <p>Every mistake is a {@link ValidationException} naming the field and the problem. The compiled filter is
 * stateless and thread-safe; {@link Compiled#paths} lists the fields it reads, so queries decode only those.
 */
public final class DocumentFilter {
    /** The top-level logical operators; also what makes a $pull condition a query on document elements. */
    static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");

    /**
     * A compiled filter and the field paths it reads; {@code comparisons} decides its top-level comparisons of a
     * field with a scalar on stored bytes (null when it has none).
     */
    public record Compiled(Filter filter, List<String[]> paths, StoredComparisons comparisons) {
        /**
         * The filter for a scan of stored documents: on the bytes, the comparisons decide where they can, and the
         * rest reads the filter's fields into a small tree ({@link Projection}) and evaluates the filter on it.
         */
        public BytesFilter scanFilter() {
            Projection projection = Projection.of(paths);
            return new BytesFilter() {
                @Override
                public boolean matches(JsonNode doc) {
                    return doc.isObject() && filter.matches(doc);
                }

                @Override
                public boolean matchesStored(byte[] json) {
                    StoredComparisons.Outcome decided = comparisons == null ? StoredComparisons.Outcome.UNDECIDED
                            : comparisons.decide(json);
                    return decided == StoredComparisons.Outcome.UNDECIDED ? matches(projection.apply(json))
                            : decided == StoredComparisons.Outcome.MATCHES;
                }
            };
        }
    }

    /** One condition on the values a path reaches. */
    interface Condition {
        boolean test(PathValues values);
    }

    private final List<String[]> paths = new ArrayList<>();

    private DocumentFilter() {
    }

    /** Compiles {@code filter}; null or {@code {}} matches every document. */
    public static Compiled compile(JsonNode filter) {
        DocumentFilter compiler = new DocumentFilter();
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            return new Compiled(doc -> true, List.of(), null);
        }
        if (!filter.isObject()) {
            throw new ValidationException("filter must be a JSON object; got " + Describe.of(filter));
        }
        Filter f = compiler.query(filter, "");
        return new Compiled(f, List.copyOf(compiler.paths), TopLevelComparisons.of(filter));
    }

    /** A query object: every field condition and logical operator must hold. */
    private Filter query(JsonNode query, String prefix) {
        List<Filter> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = query.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            if (name.startsWith("$")) {
                parts.add(logical(name, f.getValue(), prefix));
            } else {
                parts.add(field(prefix + name, f.getValue()));
            }
        }
        return allOf(parts);
    }

    private static Filter allOf(List<Filter> parts) {
        if (parts.isEmpty()) {
            return doc -> true;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Filter[] all = parts.toArray(Filter[]::new);
        return doc -> {
            for (Filter p : all) {
                if (!p.matches(doc)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Filter logical(String op, JsonNode arg, String prefix) {
        if (!LOGICAL.contains(op)) {
            throw new ValidationException("unknown top-level operator '" + op + "'; supported: $and, $or, $nor"
                    + (op.equals("$where") || op.equals("$expr") || op.equals("$text") ? " (" + op
                    + " is not supported)" : ""));
        }
        if (!arg.isArray() || arg.isEmpty()) {
            throw new ValidationException(op + " must be a non-empty array of filters; got " + Describe.of(arg));
        }
        Filter[] parts = new Filter[arg.size()];
        for (int i = 0; i < parts.length; i++) {
            JsonNode q = arg.get(i);
            if (!q.isObject()) {
                throw new ValidationException(op + " element " + i + " must be a filter object; got "
                        + Describe.of(q));
            }
            parts[i] = query(q, prefix);
        }
        return switch (op) {
            case "$and" -> allOf(List.of(parts));
            case "$or" -> doc -> {
                for (Filter p : parts) {
                    if (p.matches(doc)) {
                        return true;
                    }
                }
                return false;
            };
            default -> doc -> { // $nor
                for (Filter p : parts) {
                    if (p.matches(doc)) {
                        return false;
                    }
                }
                return true;
            };
        };
    }

    private Filter field(String path, JsonNode condition) {
        String[] segments = splitPath(path);
        paths.add(segments);
        if (isMikroCondition(condition)) {
            return FilterCompiler.compileCondition(path, condition);
        }
        Condition c = isOperatorObject(condition, path) ? operators(condition, path)
                : Conditions.equality(condition);
        return doc -> c.test(PathValues.of(doc, segments));
    }

    static String[] splitPath(String path) {
        if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new ValidationException("filter field '" + path + "' is not a valid path");
        }
        return path.split("\\.");
    }

    static boolean isMikroCondition(JsonNode c) {
        if (!c.isObject() || !c.has("operator") || !c.get("operator").isTextual()) {
            return false;
        }
        Iterator<String> names = c.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("operator") && !n.equals("value")) {
                return false;
            }
        }
        return true;
    }

    /** An object whose keys are operators; mixing operators and field names is an error, as in MongoDB. */
    static boolean isOperatorObject(JsonNode c, String path) {
        if (!c.isObject() || c.isEmpty()) {
            return false;
        }
        boolean first = c.fieldNames().next().startsWith("$");
        Iterator<String> names = c.fieldNames();
        while (names.hasNext()) {
            if (names.next().startsWith("$") != first) {
                throw new ValidationException("filter field '" + path + "' mixes operators and field names; use "
                        + "either {\"$op\": ...} or an exact document");
            }
        }
        return first;
    }

    /** Several operators on one field: all must hold. */
    private Condition operators(JsonNode ops, String path) {
        List<Condition> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = ops.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("$options")) {
                if (!ops.has("$regex")) {
                    throw new ValidationException("filter field '" + path + "': $options needs $regex beside it");
                }
                continue;
            }
            parts.add(operator(f.getKey(), f.getValue(), ops, path));
        }
        Condition[] all = parts.toArray(Condition[]::new);
        return values -> {
            for (Condition c : all) {
                if (!c.test(values)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Condition operator(String op, JsonNode arg, JsonNode siblings, String path) {
        String where = "filter field '" + path + "': " + op + " ";
        return switch (op) {
            case "$eq" -> Conditions.equality(arg);
            case "$ne" -> Conditions.negate(Conditions.equality(arg));
            case "$gt" -> Conditions.range(arg, c -> c > 0, false);
            case "$gte" -> Conditions.range(arg, c -> c >= 0, true);
            case "$lt" -> Conditions.range(arg, c -> c < 0, false);
            case "$lte" -> Conditions.range(arg, c -> c <= 0, true);
            case "$in" -> Conditions.in(Conditions.requireArray(arg, where));
            case "$nin" -> Conditions.negate(Conditions.in(Conditions.requireArray(arg, where)));
            case "$exists" -> {
                boolean wanted = truthy(arg);
                yield values -> values.isMissing() != wanted;
            }
            case "$regex" -> Conditions.regex(arg, siblings.get("$options"), where);
            case "$all" -> all(Conditions.requireArray(arg, where), path);
            case "$size" -> Conditions.size(arg, where);
            case "$elemMatch" -> elemMatch(arg, path, where);
            case "$type" -> Types.condition(arg, where);
            case "$mod" -> Conditions.mod(arg, where);
            case "$not" -> {
                if (!isOperatorObject(arg, path)) {
                    throw new ValidationException(where + "needs an operator expression such as {\"$gt\": 5}; got "
                            + Describe.of(arg));
                }
                yield Conditions.negate(operators(arg, path));
            }
            default -> throw new ValidationException("filter field '" + path + "': unknown operator '" + op
                    + "'; supported: $eq $ne $gt $gte $lt $lte $in $nin $exists $regex $options $all $size "
                    + "$elemMatch $type $mod $not");
        };
    }

    private Condition all(JsonNode wanted, String path) {
        if (wanted.isEmpty()) {
            return values -> false;
        }
        List<Condition> parts = new ArrayList<>();
        for (JsonNode w : wanted) {
            if (w.isObject() && w.has("$elemMatch") && w.size() == 1) {
                parts.add(elemMatch(w.get("$elemMatch"), path, "filter field '" + path + "': $all $elemMatch "));
            } else {
                parts.add(Conditions.equality(w));
            }
        }
        return values -> {
            for (Condition c : parts) {
                if (!c.test(values)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** An array with one element that satisfies every condition: a query on object elements, or operators. */
    private Condition elemMatch(JsonNode q, String path, String where) {
        if (!q.isObject()) {
            throw new ValidationException(where + "needs an object; got " + Describe.of(q));
        }
        Predicate<JsonNode> element;
        boolean operatorsOnly = !q.isEmpty() && isOperatorObject(q, path) && !hasLogical(q);
        if (operatorsOnly) {
            Condition c = operators(q, path);
            element = e -> c.test(PathValues.element(e));
        } else {
            Filter f = new DocumentFilter().query(q, "");
            element = e -> e.isObject() && f.matches(e);
        }
        return values -> {
            for (JsonNode v : values.values) {
                if (v.isArray()) {
                    for (JsonNode e : v) {
                        if (element.test(e)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        };
    }

    private static boolean hasLogical(JsonNode q) {
        for (String op : LOGICAL) {
            if (q.has(op)) {
                return true;
            }
        }
        return false;
    }

    private static boolean truthy(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        return !v.isNull();
    }
}
