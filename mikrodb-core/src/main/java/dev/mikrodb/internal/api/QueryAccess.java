package dev.mikrodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Filter;
import dev.mikrodb.Query;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Builds {@link Query}s from filters and sorts compiled inside MikroDB from another language (the document API's
 * MongoDB-style filters), carrying the field paths they read so the engine decodes only those and may scan in
 * parallel: they are stateless, unlike a {@link Filter} written by a user. {@code Query} registers its part here
 * when its class initializes (the JDK's "shared secrets" pattern), so the public API gains no such constructor.
 */
public final class QueryAccess {
    /** Makes a query from a stateless compiled filter (null: none) and sort (null: none). */
    public interface Maker {
        Query make(Filter filter, Comparator<JsonNode> sort, List<String[]> paths, long offset, long limit,
                   JsonNode documentFilter);
    }

    private static volatile Maker maker;
    private static volatile Function<Query, List<String[]>> paths;
    private static volatile Function<Query, JsonNode> documentFilters;

    private QueryAccess() {
    }

    public static void register(Maker m, Function<Query, List<String[]>> p, Function<Query, JsonNode> d) {
        if (maker != null) {
            throw new IllegalStateException("Query's secrets are registered already");
        }
        paths = p;
        documentFilters = d;
        maker = m;
    }

    /**
     * @param documentFilter the MongoDB-language filter the compiled filter came from, for the index planner (null
     *     when there is none)
     */
    public static Query compiled(Filter filter, Comparator<JsonNode> sort, List<String[]> readPaths, long offset,
                                 long limit, JsonNode documentFilter) {
        init();
        return maker.make(filter, sort, readPaths, offset, limit, documentFilter);
    }

    /** The MongoDB-language filter of a compiled query, or null. */
    public static JsonNode documentFilter(Query q) {
        init();
        return documentFilters.apply(q);
    }

    /** The paths a compiled query reads, or null for a query built by the public builder. */
    public static List<String[]> readPaths(Query q) {
        init();
        return paths.apply(q);
    }

    private static void init() {
        if (maker == null) {
            try {
                Class.forName(Query.class.getName(), true, Query.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
