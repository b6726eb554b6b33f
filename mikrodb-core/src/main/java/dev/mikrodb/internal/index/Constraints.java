package dev.mikrodb.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.document.BsonOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the index-answerable conditions out of a filter's top level (its implicit AND): equality, {@code in},
 * ranges and {@code ^literal} regexes, in MikroDB's filter language or MongoDB's. Anything else (an {@code $or},
 * a nested object, arrays as values) gives no constraint and is left to the full filter.
 */
final class Constraints {
    private Constraints() {
    }

    /** MikroDB's language: {@code {"age": {"operator": "gte", "value": 18}, "status": "active"}}. */
    static List<Constraint> fromMikro(JsonNode filter) {
        List<Constraint> out = new ArrayList<>();
        if (filter == null || !filter.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().startsWith("$")) {
                continue;
            }
            JsonNode c = f.getValue();
            if (isScalar(c) && !c.isNull()) {
                out.add(Constraint.equal(f.getKey(), List.of(c)));
            } else if (c.isObject() && c.path("operator").isTextual()) {
                Constraint k = mikroOperator(f.getKey(), c.get("operator").textValue(), c.get("value"));
                if (k != null) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    private static Constraint mikroOperator(String path, String op, JsonNode v) {
        if (v == null) {
            return null;
        }
        switch (op) {
            case "eq":
                return isScalar(v) && !v.isNull() ? Constraint.equal(path, List.of(v)) : null;
            case "in":
                return allScalars(v) ? Constraint.equal(path, list(v)) : null;
            case "gt":
            case "gte":
            case "lt":
            case "lte":
                return orderable(v) ? bound(path, op.substring(0, 2), op.endsWith("e"), v) : null;
            case "between":
                if (v.isArray() && v.size() == 2 && orderable(v.get(0)) && orderable(v.get(1))
                        && BsonOrder.sameBracket(v.get(0), v.get(1))) {
                    return Constraint.range(path, v.get(0), true, v.get(1), true);
                }
                return null;
            case "regex":
                return v.isTextual() ? prefix(path, v.textValue()) : null;
            default:
                return null;
        }
    }

    /** MongoDB's language: {@code {"age": {"$gte": 18, "$lt": 65}, "status": "A", "$and": [...]}}. */
    static List<Constraint> fromMongo(JsonNode filter) {
        List<Constraint> out = new ArrayList<>();
        if (filter == null || !filter.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode c = f.getValue();
            if (f.getKey().equals("$and") && c.isArray()) {
                c.forEach(q -> out.addAll(fromMongo(q)));
            } else if (f.getKey().startsWith("$")) {
                continue;
            } else if (isScalar(c) && !c.isNull()) {
                // {field: null} also matches items missing the field somewhere in an array: no index finds those.
                out.add(Constraint.equal(f.getKey(), List.of(c)));
            } else if (c.isObject() && c.path("operator").isTextual() && !c.has("$eq")) {
                Constraint k = mikroOperator(f.getKey(), c.get("operator").textValue(), c.get("value"));
                if (k != null) {
                    out.add(k);
                }
            } else if (c.isObject() && !c.isEmpty() && c.fieldNames().next().startsWith("$")) {
                Constraint k = mongoOperators(f.getKey(), c);
                if (k != null) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    private static Constraint mongoOperators(String path, JsonNode ops) {
        if (ops.has("$eq") && isScalar(ops.get("$eq")) && !ops.get("$eq").isNull()) {
            return Constraint.equal(path, List.of(ops.get("$eq")));
        }
        if (ops.has("$in") && allScalars(ops.get("$in"))) {
            return Constraint.equal(path, list(ops.get("$in")));
        }
        if (ops.has("$regex") && ops.get("$regex").isTextual() && !ops.has("$options")) {
            return prefix(path, ops.get("$regex").textValue());
        }
        JsonNode low = null;
        JsonNode high = null;
        boolean lowInclusive = false;
        boolean highInclusive = false;
        for (String op : new String[] {"$gt", "$gte"}) {
            if (ops.has(op) && orderable(ops.get(op))) {
                low = ops.get(op);
                lowInclusive = op.equals("$gte");
            }
        }
        for (String op : new String[] {"$lt", "$lte"}) {
            if (ops.has(op) && orderable(ops.get(op))) {
                high = ops.get(op);
                highInclusive = op.equals("$lte");
            }
        }
        if (low != null && high != null) {
            return BsonOrder.sameBracket(low, high) ? Constraint.range(path, low, lowInclusive, high, highInclusive)
                    : null;
        }
        if (low != null) {
            return bound(path, "gt", lowInclusive, low);
        }
        if (high != null) {
            return bound(path, "lt", highInclusive, high);
        }
        return null;
    }

    /** A one-sided range, the open side ending at the edge of the bound's type. */
    private static Constraint bound(String path, String direction, boolean inclusive, JsonNode v) {
        int rank = BsonOrder.typeRank(v);
        if (direction.equals("gt")) {
            return Constraint.range(path, v, inclusive, new IndexOrder.Edge(rank, true), true);
        }
        return Constraint.range(path, new IndexOrder.Edge(rank, false), true, v, inclusive);
    }

    /** {@code ^literal}: a prefix scan; patterns with anything else give no constraint. */
    private static Constraint prefix(String path, String pattern) {
        if (!pattern.startsWith("^") || pattern.length() < 2) {
            return null;
        }
        String literal = pattern.substring(1);
        for (char ch : literal.toCharArray()) {
            if ("\\.[]{}()*+?^$|".indexOf(ch) >= 0) {
                return null;
            }
        }
        return Constraint.prefix(path, literal);
    }

    private static boolean isScalar(JsonNode v) {
        return !v.isContainerNode() && !v.isMissingNode();
    }

    private static boolean orderable(JsonNode v) {
        return v.isNumber() || v.isTextual();
    }

    private static boolean allScalars(JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            return false;
        }
        for (JsonNode e : v) {
            if (!isScalar(e) || e.isNull()) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
