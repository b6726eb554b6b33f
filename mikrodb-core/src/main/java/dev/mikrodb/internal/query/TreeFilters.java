package dev.mikrodb.internal.query;

import dev.mikrodb.Filter;
import java.util.List;

/** Compiles filters to {@link Filter}s over parsed values, resolving each path with {@link JsonValues#resolve}. */
final class TreeFilters implements Assembly<Filter> {
    static final TreeFilters INSTANCE = new TreeFilters();
    private static final Filter ALWAYS = v -> true;

    private TreeFilters() {
    }

    @Override
    public Filter always() {
        return ALWAYS;
    }

    @Override
    public Filter all(List<Filter> parts) {
        Filter[] all = parts.toArray(Filter[]::new);
        return value -> {
            for (Filter f : all) {
                if (!f.matches(value)) {
                    return false;
                }
            }
            return true;
        };
    }

    @Override
    public Filter any(List<Filter> alternatives) {
        Filter[] any = alternatives.toArray(Filter[]::new);
        return value -> {
            for (Filter f : any) {
                if (f.matches(value)) {
                    return true;
                }
            }
            return false;
        };
    }

    @Override
    public Filter test(String[] path, Condition condition) {
        return value -> condition.test(JsonValues.resolve(value, path));
    }
}
