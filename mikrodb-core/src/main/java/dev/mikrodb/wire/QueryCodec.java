package dev.mikrodb.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.Query;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.json.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Queries on the wire: the {@code options} object of {@code POST /get}, {@code {"filter", "sort", "limit",
 * "offset"}}, each optional. Unknown fields are errors.
 */
public final class QueryCodec {
    private QueryCodec() {
    }

    /** The options object of {@code query}; a filter or sort written in Java cannot travel and is refused. */
    public static ObjectNode toJson(Query query) {
        Query q = query == null ? Query.all() : query;
        if (q.filter() != null && q.filterJson() == null) {
            throw new ValidationException("a filter written in Java cannot be sent to a server; build it from JSON "
                    + "with Query.builder().filter(json)");
        }
        if (q.sort() != null && q.sortJson() == null) {
            throw new ValidationException("a Comparator cannot be sent to a server; sort with a JSON spec such as "
                    + "{\"age\": -1}");
        }
        ObjectNode options = Json.MAPPER.createObjectNode();
        if (q.filterJson() != null) {
            options.set("filter", q.filterJson());
        }
        if (q.sortJson() != null) {
            options.set("sort", q.sortJson());
        }
        if (q.offset() > 0) {
            options.put("offset", q.offset());
        }
        if (q.limit() != Long.MAX_VALUE) {
            options.put("limit", q.limit());
        }
        return options;
    }

    public static Query read(JsonNode options) {
        Query.Builder b = Query.builder();
        if (options == null || options.isNull() || options.isMissingNode()) {
            return b.build();
        }
        if (!options.isObject()) {
            throw new ValidationException("options must be an object with filter, sort, limit and offset");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = options.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode v = field.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (field.getKey()) {
                case "filter" -> b.filter(v);
                case "sort" -> b.sort(v);
                case "limit" -> b.limit(Fields.optionalNonNegativeLong(options, "limit", ""));
                case "offset" -> b.offset(Fields.optionalNonNegativeLong(options, "offset", ""));
                default -> throw new ValidationException("unknown query option '" + field.getKey()
                        + "'; expected filter, sort, limit or offset");
            }
        }
        return b.build();
    }
}
