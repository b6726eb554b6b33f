package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The "field equals scalar" conditions of a filter ANDed at its top level, decided on a stored value's bytes where
 * that is certain, for filter languages evaluated on trees (MongoDB's, whose paths reach into arrays). A condition
 * decides only when its path runs through objects to a scalar: then the path reaches that one value, and equality
 * with a string, a number or a boolean means the same in both languages ({@link SpanValues#equal}). A missing field,
 * an array or object at the end of the path, or a value the bytes cannot compare leaves it undecided.
 *
 * <p>One condition decided false makes the whole filter false. All decided true make it true when they are all of
 * the filter ({@code complete}); otherwise the caller evaluates the filter on the tree.
 */
public final class StoredEqualities {
    /** The outcomes of {@link #decide}. */
    public enum Outcome { MATCHES, FAILS, UNDECIDED }

    private final SpanLocator locator = new SpanLocator();
    private final int[] spans;
    private final SpanValues.Operand[] operands;
    private final boolean complete;

    private StoredEqualities(List<String[]> paths, List<JsonNode> values, boolean complete) {
        spans = new int[paths.size()];
        operands = new SpanValues.Operand[paths.size()];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = 2 * locator.add(paths.get(i));
            operands[i] = new SpanValues.Operand(values.get(i));
        }
        this.complete = complete;
    }

    /**
     * The decider for {@code paths[i] == values[i]} for every i, or null when there is none. Callers pass only paths
     * without numeric segments and values that are strings, numbers or booleans (see {@link #isDecidable}).
     *
     * @param complete whether these conditions are the whole filter
     */
    public static StoredEqualities of(List<String[]> paths, List<JsonNode> values, boolean complete) {
        return paths.isEmpty() ? null : new StoredEqualities(new ArrayList<>(paths), new ArrayList<>(values),
                complete);
    }

    /** Whether an equality on {@code path} with {@code value} can be decided here. */
    public static boolean isDecidable(String[] path, JsonNode value) {
        for (String segment : path) {
            if (!segment.isEmpty() && Character.isDigit(segment.charAt(0))) {
                return false; // may index an array, where the languages' paths differ
            }
        }
        return value.isTextual() || value.isNumber() || value.isBoolean();
    }

    public Outcome decide(byte[] json) {
        int[] found = locator.locate(json);
        boolean undecided = false;
        for (int i = 0; i < spans.length; i++) {
            int start = found[spans[i]];
            if (start == 0 || json[start] == '[' || json[start] == '{') { // missing, or not a scalar
                undecided = true;
                continue;
            }
            int equal = SpanValues.equal(json, start, found[spans[i] + 1], operands[i]);
            if (equal == 0) {
                return Outcome.FAILS;
            }
            undecided |= equal == SpanValues.SLOW;
        }
        return undecided || !complete ? Outcome.UNDECIDED : Outcome.MATCHES;
    }
}
