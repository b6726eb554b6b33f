package dev.mikrodb.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Filter;
import java.util.function.Predicate;

/**
 * A filter in the JSON filter language, compiled twice from one reading ({@link FilterCompiler}): over parsed values
 * (the {@link Filter} users and documents get) and over stored JSON bytes, for scans. On the bytes, the fields it
 * names are found in one pass that decodes nothing else, and the common conditions (equality, {@code in}, ranges on
 * numbers and strings) compare scalars in place; the rest decode just their field. Both forms answer alike on every
 * value (FilterPropertyTest checks them against a reference evaluator).
 */
public final class JsonFilter implements BytesFilter {
    private final Filter tree;
    private final SpanLocator locator;
    private final StoredFilters.StoredFilter stored;

    JsonFilter(Filter tree, SpanLocator locator, StoredFilters.StoredFilter stored) {
        this.tree = tree;
        this.locator = locator;
        this.stored = stored;
    }

    @Override
    public boolean matches(JsonNode value) {
        return tree.matches(value);
    }

    @Override
    public boolean matchesStored(byte[] json) {
        return stored.matches(json, locator.locate(json));
    }

    /** Finds the spans into one array of its own, reused from value to value (a scan made one per value before). */
    @Override
    public Predicate<byte[]> storedMatcher() {
        int[] spans = locator.newSpans();
        return json -> stored.matches(json, locator.locate(json, spans));
    }
}
