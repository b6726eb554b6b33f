package dev.mikrodb.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks an index for a query: among the filter's index-answerable conditions ({@link Constraints}) and the ready
 * indexes whose leading path they name, the narrowest (a single equality, then several, then a prefix, then a
 * range). The chosen index yields candidate keys, a superset of the matches, which the caller runs the full filter
 * on; without a usable index the caller scans. A two-sided range on a multikey index keeps only its lower bound,
 * since an array can satisfy each bound with a different element.
 */
public final class Planner {
    private Planner() {
    }

    /** A chosen index and the condition it answers. */
    public record Plan(TableIndex index, Constraint constraint) {
        public String indexName() {
            return index.name();
        }

        /** The candidate keys, each once, in index order; counts the entries examined into {@code examined[0]}. */
        public Set<String> candidates(long[] examined) {
            Set<String> keys = new LinkedHashSet<>();
            Constraint c = constraint;
            if (c.isEquality()) {
                for (JsonNode v : c.equals()) {
                    collect(index.equal(new Object[] {v}), keys, examined, null);
                }
            } else if (c.isPrefix()) {
                collect(index.range(com.fasterxml.jackson.databind.node.TextNode.valueOf(c.prefix()), true,
                        new IndexOrder.Edge(3, true), true), keys, examined, c.prefix());
            } else if (index.isMultikey() && c.twoSided()) {
                collect(index.range(c.low(), c.lowInclusive(), new IndexOrder.Edge(
                        dev.mikrodb.internal.document.BsonOrder.typeRank((JsonNode) c.low()), true), true),
                        keys, examined, null);
            } else {
                collect(index.range(c.low(), c.lowInclusive(), c.high(), c.highInclusive()), keys, examined, null);
            }
            return keys;
        }

        private static void collect(Iterator<TableIndex.Entry> it, Set<String> keys, long[] examined,
                                    String prefix) {
            while (it.hasNext()) {
                TableIndex.Entry e = it.next();
                if (prefix != null && !((JsonNode) e.values()[0]).textValue().startsWith(prefix)) {
                    break; // past the strings that start with the prefix
                }
                examined[0]++;
                keys.add(e.key());
            }
        }
    }

    /** The plan for a filter in MikroDB's language, or null to scan. */
    public static Plan forMikro(TableIndexes indexes, JsonNode filter) {
        return choose(indexes, Constraints.fromMikro(filter));
    }

    /** The plan for a filter in MongoDB's language, or null to scan. */
    public static Plan forMongo(TableIndexes indexes, JsonNode filter) {
        return choose(indexes, Constraints.fromMongo(filter));
    }

    /** The paths a filter compares for equality: what automatic indexing counts. */
    public static List<String> equalityPaths(JsonNode filter, boolean mongo) {
        List<String> out = new java.util.ArrayList<>();
        for (Constraint c : mongo ? Constraints.fromMongo(filter) : Constraints.fromMikro(filter)) {
            if (c.isEquality()) {
                out.add(c.path());
            }
        }
        return out;
    }

    private static Plan choose(TableIndexes indexes, List<Constraint> constraints) {
        Plan best = null;
        int bestCost = Integer.MAX_VALUE;
        for (Constraint c : constraints) {
            for (TableIndex i : indexes.ready()) {
                if (!String.join(".", i.leadingPath()).equals(c.path())) {
                    continue;
                }
                if (c.isPrefix() && i.descendingLeader()) {
                    continue; // a prefix scan walks ascending strings
                }
                int cost = c.cost() * 2 - (i.spec().unique() ? 1 : 0);
                if (cost < bestCost) {
                    best = new Plan(i, c);
                    bestCost = cost;
                }
            }
        }
        return best;
    }
}
