package dev.mikrodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.json.Json;
import dev.mikrodb.internal.query.FilterCompiler;
import dev.mikrodb.internal.query.SortCompiler;
import java.util.Comparator;

/**
 * Options of a table query: filter, sort, offset, limit. Filters and sort specs are parsed and checked when the query
 * is built, so a bad one fails with a {@link ValidationException} before any data is read. Results come in
 * unspecified order unless a sort is given. There is no default limit.
 */
public final class Query {
    private static final Query ALL = new Builder().build();

    private final Filter filter;
    private final Comparator<JsonNode> sort;
    private final long offset;
    private final long limit;
    private final JsonNode filterJson;
    private final JsonNode sortJson;
    /** For filters and sorts compiled inside MikroDB from other languages: the paths they read, else null. */
    private final java.util.List<String[]> readPaths;
    /** For such filters in MongoDB's language: the filter, for the index planner; else null. */
    private final JsonNode documentFilter;

    static {
        dev.mikrodb.internal.api.QueryAccess.register((filter, sort, paths, offset, limit, documentFilter) -> {
            Builder b = new Builder();
            b.filter = filter;
            b.sort = sort;
            b.offset = offset;
            b.limit = limit;
            return new Query(b, java.util.List.copyOf(paths), documentFilter);
        }, q -> q.readPaths, q -> q.documentFilter);
    }

    private Query(Builder b) {
        this(b, null, null);
    }

    private Query(Builder b, java.util.List<String[]> readPaths, JsonNode documentFilter) {
        this.filter = b.filter;
        this.sort = b.sort;
        this.offset = b.offset;
        this.limit = b.limit;
        this.filterJson = b.filterJson;
        this.sortJson = b.sortJson;
        this.readPaths = readPaths;
        this.documentFilter = documentFilter;
    }

    /** Every item of the table. */
    public static Query all() {
        return ALL;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The filter, or null for none. */
    public Filter filter() {
        return filter;
    }

    /** The comparator over values, or null for unspecified order. */
    public Comparator<JsonNode> sort() {
        return sort;
    }

    public long offset() {
        return offset;
    }

    /** Maximum results, or {@code Long.MAX_VALUE} for no limit. */
    public long limit() {
        return limit;
    }

    /** The filter as JSON when it was given as JSON (so a client can send it), else null. */
    public JsonNode filterJson() {
        return filterJson;
    }

    /** The sort spec as JSON when it was given as JSON, else null. */
    public JsonNode sortJson() {
        return sortJson;
    }

    /** Builder; each part is validated as it is set. */
    public static final class Builder {
        private Filter filter;
        private Comparator<JsonNode> sort;
        private long offset;
        private long limit = Long.MAX_VALUE;
        private JsonNode filterJson;
        private JsonNode sortJson;

        private Builder() {
        }

        /** A filter in the JSON filter language (docs/queries.md), compiled now. */
        public Builder filter(JsonNode filter) {
            this.filter = FilterCompiler.compile(filter);
            this.filterJson = filter.deepCopy();
            return this;
        }

        public Builder filter(String filterJson) {
            return filter(Json.parseUserJson(filterJson, "filter"));
        }

        /** A filter written in Java. */
        public Builder filter(Filter filter) {
            this.filter = filter;
            this.filterJson = null;
            return this;
        }

        /** A sort spec such as {@code {"age": -1, "name": 1}}. */
        public Builder sort(JsonNode spec) {
            this.sort = SortCompiler.compile(spec);
            this.sortJson = spec.deepCopy();
            return this;
        }

        public Builder sort(String specJson) {
            return sort(Json.parseUserJson(specJson, "sort"));
        }

        /** A comparator over values, like the seed's {@code sort: (a, b) => a.age - b.age}. */
        public Builder sort(Comparator<JsonNode> comparator) {
            this.sort = comparator;
            this.sortJson = null;
            return this;
        }

        public Builder offset(long offset) {
            if (offset < 0) {
                throw new ValidationException("offset must be a non-negative integer; got " + offset);
            }
            this.offset = offset;
            return this;
        }

        public Builder limit(long limit) {
            if (limit < 0) {
                throw new ValidationException("limit must be a non-negative integer; got " + limit);
            }
            this.limit = limit;
            return this;
        }

        public Query build() {
            return new Query(this);
        }
    }
}
