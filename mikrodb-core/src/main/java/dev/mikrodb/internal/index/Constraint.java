package dev.mikrodb.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A condition on one path that an index can answer: equality with any of some values, a range between two bounds
 * (a bound may be an {@link IndexOrder.Edge}, the start or end of a type's values), or a string prefix. The index
 * finds a superset of the matching items; the query's full filter then decides each one.
 */
record Constraint(String path, List<JsonNode> equals, Object low, boolean lowInclusive, Object high,
                  boolean highInclusive, String prefix) {

    static Constraint equal(String path, List<JsonNode> values) {
        return new Constraint(path, values, null, false, null, false, null);
    }

    static Constraint range(String path, Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        return new Constraint(path, null, low, lowInclusive, high, highInclusive, null);
    }

    static Constraint prefix(String path, String prefix) {
        return new Constraint(path, null, null, false, null, false, prefix);
    }

    boolean isEquality() {
        return equals != null;
    }

    boolean isPrefix() {
        return prefix != null;
    }

    /** A range bounded on both sides by values (not type edges). */
    boolean twoSided() {
        return !isEquality() && !isPrefix() && !(low instanceof IndexOrder.Edge) && !(high instanceof IndexOrder.Edge);
    }

    /** Lower is better: how narrow the scan is expected to be. */
    int cost() {
        if (isEquality()) {
            return equals.size() == 1 ? 1 : 2;
        }
        return isPrefix() ? 3 : twoSided() ? 4 : 5;
    }
}
