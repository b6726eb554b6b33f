package dev.mikrodb.internal.document;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.query.StoredComparisons;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Picks out of a MongoDB filter (already checked by {@link DocumentFilter}) what scans can decide on stored bytes:
 * the top-level comparisons of a field with a scalar, {@code {f: x}}, {@code {f: {$gte: x, $lt: y}}} and
 * {@code {f: {$in: [x, y]}}}.
 */
final class TopLevelComparisons {
    private static final Map<String, StoredComparisons.Op> COMPARISONS = Map.of("$eq", StoredComparisons.Op.EQ,
            "$gt", StoredComparisons.Op.GT, "$gte", StoredComparisons.Op.GTE, "$lt", StoredComparisons.Op.LT,
            "$lte", StoredComparisons.Op.LTE, "$in", StoredComparisons.Op.IN);

    private TopLevelComparisons() {
    }

    /**
     * The filter's top-level comparisons of a field with a scalar ({@code {f: x}}, {@code {f: {$gte: x}}}) for
     * {@link StoredComparisons}, marked incomplete when the filter has anything else; null when there are none.
     */
    static StoredComparisons of(JsonNode filter) {
        StoredComparisons out = new StoredComparisons();
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            boolean logical = f.getKey().startsWith("$");
            if (logical || !addComparisons(DocumentFilter.splitPath(f.getKey()), f.getValue(), out)) {
                out.incomplete();
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Adds a field's condition when it is only comparisons with scalars; false when it is (also) anything else. */
    private static boolean addComparisons(String[] path, JsonNode condition, StoredComparisons out) {
        if (!condition.isObject()) {
            if (!StoredComparisons.isDecidable(path, StoredComparisons.Op.EQ, condition)) {
                return false;
            }
            out.add(path, StoredComparisons.Op.EQ, condition);
            return true;
        }
        List<Map.Entry<StoredComparisons.Op, JsonNode>> checked = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> ops = condition.fields();
        while (ops.hasNext()) { // all of the field's operators qualify, or none is added
            Map.Entry<String, JsonNode> op = ops.next();
            StoredComparisons.Op kind = COMPARISONS.get(op.getKey());
            if (kind == null || !StoredComparisons.isDecidable(path, kind, op.getValue())) {
                return false; // another operator, a document to equal, or a value the bytes cannot compare
            }
            checked.add(Map.entry(kind, op.getValue()));
        }
        for (Map.Entry<StoredComparisons.Op, JsonNode> c : checked) {
            out.add(path, c.getKey(), c.getValue());
        }
        return !checked.isEmpty();
    }
}
