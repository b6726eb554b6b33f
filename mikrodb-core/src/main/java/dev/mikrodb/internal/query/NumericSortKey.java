package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.ToLongFunction;

/**
 * A one-field sort ({@code {"age": 1}}) read from stored bytes as a {@code long} that orders exactly as
 * {@link SortCompiler}'s comparator does, when the field holds an integer of up to 18 digits, null or nothing: the
 * integer (negated for -1), or {@link Long#MAX_VALUE} for null and missing, which come last in either direction.
 * Anything else (strings, fractions, booleans, arrays, objects) has no such key ({@link #NONE}); a query meeting one
 * sorts with the comparator. A scan can then sort its matches by a number without building any tree.
 */
public final class NumericSortKey {
    /** The value has no numeric key: sort with the comparator. */
    public static final long NONE = Long.MIN_VALUE;
    private static final long LAST = Long.MAX_VALUE;

    private final SpanLocator locator = new SpanLocator();
    private final boolean descending;

    private NumericSortKey(String[] path, boolean descending) {
        locator.add(path);
        this.descending = descending;
    }

    /** The key reader for a sort spec SortCompiler accepted, or null when it sorts by more than one field. */
    public static NumericSortKey of(JsonNode sortSpec) {
        if (sortSpec == null || sortSpec.size() != 1) {
            return null;
        }
        String field = sortSpec.fieldNames().next();
        return new NumericSortKey(QueryPaths.split(field), sortSpec.get(field).intValue() == -1);
    }

    /** The key of the value stored as {@code json}, or {@link #NONE}. */
    public long key(byte[] json) {
        return key(json, locator.locate(json));
    }

    /**
     * {@link #key} for one thread: it reuses one span array from value to value (a sorted scan reads a key per match),
     * so it must not be shared between threads.
     */
    public ToLongFunction<byte[]> reader() {
        int[] spans = locator.newSpans();
        return json -> key(json, locator.locate(json, spans));
    }

    private long key(byte[] json, int[] span) {
        int start = span[0];
        if (start == 0 || json[start] == 'n') { // missing (see SpanLocator) or null
            return LAST;
        }
        long v = JsonBytes.shortIntegral(json, start, span[1]); // a string, literal or container is not one either
        if (v == JsonBytes.NOT_SHORT) {
            return NONE;
        }
        return descending ? -v : v; // at most 18 digits: never LAST, NONE or an overflow
    }
}
