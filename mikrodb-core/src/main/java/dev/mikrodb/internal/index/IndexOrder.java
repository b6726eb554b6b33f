package dev.mikrodb.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.internal.document.BsonOrder;
import java.util.Comparator;

/**
 * The one total order of index entries: the indexed values component by component in {@link BsonOrder} (null and
 * missing, numbers by value, strings by code point, objects, arrays, booleans; {@code 1} never equals {@code "1"}),
 * each reversed for a descending field, then the item's key by its UTF-8 bytes. A component may also be a
 * {@link Edge}, the start or end of one type's range, which range scans use as bounds.
 */
final class IndexOrder {
    private IndexOrder() {
    }

    /** The start ({@code after == false}) or end of the values of one {@link BsonOrder#typeRank type rank}. */
    record Edge(int rank, boolean after) {
    }

    static int compareComponent(Object a, Object b) {
        if (a instanceof Edge e) {
            return -compareEdge(e, b);
        }
        if (b instanceof Edge e) {
            return compareEdge(e, a);
        }
        return BsonOrder.compare((JsonNode) a, (JsonNode) b);
    }

    /** How {@code value} compares with edge {@code e}: negative when the value sorts before the edge. */
    private static int compareEdge(Edge e, Object value) {
        if (value instanceof Edge other) {
            int c = Integer.compare(other.rank(), e.rank());
            return c != 0 ? c : Boolean.compare(other.after(), e.after());
        }
        int rank = BsonOrder.typeRank((JsonNode) value);
        if (rank != e.rank()) {
            return Integer.compare(rank, e.rank());
        }
        return e.after() ? -1 : 1;
    }

    /** Keys by UTF-8 byte order, which is code point order. */
    static final Comparator<String> KEYS = IndexOrder::compareKeys;

    static int compareKeys(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (U+D800..DFFF) encode code points above U+FFFF, which sort after U+E000..FFFF in UTF-8.
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
