package dev.mikrodb.internal.query;

import java.util.List;

/**
 * How {@link FilterCompiler} puts a filter's parts together, so one reading of the filter language yields both forms
 * of it: {@link TreeFilters} over parsed values, {@link StoredFilters} over stored JSON bytes.
 *
 * @param <T> the compiled form
 */
interface Assembly<T> {
    /** A filter with no conditions: matches every value. */
    T always();

    /** Every part matches (tested in order, stopping at the first that does not). */
    T all(List<T> parts);

    /** At least one alternative matches (tested in order, stopping at the first that does). */
    T any(List<T> alternatives);

    /** The value at {@code path} (its segments, interned) passes {@code condition}. */
    T test(String[] path, Condition condition);
}
