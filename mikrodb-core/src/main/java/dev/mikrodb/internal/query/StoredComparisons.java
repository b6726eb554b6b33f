package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparisons of a field with a scalar ({@code =}, {@code <}, {@code <=}, {@code >}, {@code >=}, and equality
 * with any of an array of scalars) ANDed at a filter's top level, decided on a stored value's bytes where that is
 * certain, for filter languages evaluated on trees (MongoDB's, whose paths reach into arrays). A comparison decides
 * only when its path runs through objects to a scalar: then the path reaches that one value, and equality with a
 * string, number or boolean, or the order of two numbers or of two strings, means the same in both languages
 * ({@link SpanValues}); a value of another kind fails a range, as MongoDB's type brackets do. A missing field, an
 * array or object at the end of the path, or a value the bytes cannot compare leaves the comparison undecided.
 *
 * <p>One comparison decided false makes the whole filter false. All decided true make it true when they are all of
 * the filter ({@code complete}); otherwise the caller evaluates the filter on the tree.
 */
public final class StoredComparisons {
    /** The outcomes of {@link #decide}. */
    public enum Outcome { MATCHES, FAILS, UNDECIDED }

    /** A comparison's operator; {@code IN} is equality with any element of an array of scalars. */
    public enum Op { EQ, GT, GTE, LT, LTE, IN }

    private final SpanLocator locator = new SpanLocator();
    private final List<Integer> spans = new ArrayList<>();
    private final List<Op> ops = new ArrayList<>();
    private final List<SpanValues.Operand[]> operands = new ArrayList<>();
    private boolean complete = true;

    /**
     * Adds {@code path op value}; callers check {@link #isDecidable} first.
     *
     * @return this
     */
    public StoredComparisons add(String[] path, Op op, JsonNode value) {
        spans.add(2 * locator.add(path));
        ops.add(op);
        operands.add(SpanValues.operands(op == Op.IN ? value : List.of(value)));
        return this;
    }

    /** Says that the filter has conditions besides these, so all of these holding does not decide it. */
    public StoredComparisons incomplete() {
        complete = false;
        return this;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /**
     * Whether {@code path op value} can be decided here: a path with no segment that could index an array (where the
     * languages' paths differ), and a string, number or boolean for equality (each element of the array for
     * {@code IN}), a string or number for a range.
     */
    public static boolean isDecidable(String[] path, Op op, JsonNode value) {
        for (String segment : path) {
            if (JsonValues.isIndex(segment)) { // the rule SpanLocator and MongoDB's PathValues both index arrays by
                return false;
            }
        }
        if (op == Op.IN) {
            if (!value.isArray()) {
                return false;
            }
            for (JsonNode element : value) {
                if (!isDecidable(path, Op.EQ, element)) {
                    return false;
                }
            }
            return true;
        }
        return value.isTextual() || value.isNumber() || (op == Op.EQ && value.isBoolean());
    }

    public Outcome decide(byte[] json) {
        int[] found = locator.locate(json);
        boolean undecided = false;
        for (int i = 0; i < ops.size(); i++) {
            int at = spans.get(i);
            int start = found[at];
            if (start == 0 || json[start] == '[' || json[start] == '{') { // missing, or not a scalar
                undecided = true;
                continue;
            }
            int end = found[at + 1];
            Op op = ops.get(i);
            int answer = op == Op.EQ || op == Op.IN ? SpanValues.equalToAny(json, start, end, operands.get(i))
                    : SpanValues.compare(json, start, end, operands.get(i)[0]);
            if (answer == SpanValues.SLOW) {
                undecided = true;
            } else if (!holds(op, answer)) {
                return Outcome.FAILS;
            }
        }
        return undecided || !complete ? Outcome.UNDECIDED : Outcome.MATCHES;
    }

    private static boolean holds(Op op, int answer) {
        return switch (op) {
            case EQ, IN -> answer == 1;
            case GT -> answer != SpanValues.UNORDERED && answer > 0;
            case GTE -> answer != SpanValues.UNORDERED && answer >= 0;
            case LT -> answer != SpanValues.UNORDERED && answer < 0;
            case LTE -> answer != SpanValues.UNORDERED && answer <= 0;
        };
    }
}
