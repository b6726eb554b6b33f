package dev.mikrodb.internal.query;

import java.util.List;

/**
 * Compiles filters to {@link StoredFilter}s over stored JSON bytes: each path the filter names is registered with a
 * {@link SpanLocator}, which finds them all in one pass over a value; each condition then reads its path's span.
 */
final class StoredFilters implements Assembly<StoredFilters.StoredFilter> {
    /** A compiled filter over a stored value's bytes and the spans its locator found in them. */
    interface StoredFilter {
        boolean matches(byte[] json, int[] spans);
    }

    private static final StoredFilter ALWAYS = (json, spans) -> true;
    private final SpanLocator locator;

    StoredFilters(SpanLocator locator) {
        this.locator = locator;
    }

    @Override
    public StoredFilter always() {
        return ALWAYS;
    }

    @Override
    public StoredFilter all(List<StoredFilter> parts) {
        StoredFilter[] all = parts.toArray(StoredFilter[]::new);
        return (json, spans) -> {
            for (StoredFilter f : all) {
                if (!f.matches(json, spans)) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public StoredFilter any(List<StoredFilter> alternatives) {
        StoredFilter[] any = alternatives.toArray(StoredFilter[]::new);
        return (json, spans) -> {
            for (StoredFilter f : any) {
                if (f.matches(json, spans)) {
                    return true;
                }
            }
            return false;
        };
    }

    @Override
    public StoredFilter test(String[] path, Condition condition) {
        int at = 2 * locator.add(path);
        return (json, spans) -> {
            int start = spans[at];
            return condition.test(json, start == 0 ? -1 : start, spans[at + 1]); // 0: missing (see SpanLocator)
        };
    }
}
