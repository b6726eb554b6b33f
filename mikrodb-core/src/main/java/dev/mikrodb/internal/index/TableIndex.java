package dev.mikrodb.internal.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.document.PathValues;
import dev.mikrodb.internal.query.Projection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * One secondary index of one loaded table: entries (indexed values, item key) in {@link IndexOrder}, grouped by value
 * ({@link IndexEntries}). It is kept in memory and rebuilt when its table loads; writes maintain it in the same atomic
 * step as the item, under the table's commit lock, so a query holding the table's scan lock sees the index and the
 * items agree.
 *
 * <p>Values are read from the stored JSON bytes of the fields indexed only ({@link Projection}). A path reaching
 * an array indexes each element (multikey), as MongoDB does; at most one path of a compound index may hold an
 * array in one item. A missing path indexes as null, except that a sparse index leaves out items missing its first
 * path.
 */
public final class TableIndex {
    private final IndexSpec spec;
    private final String[][] paths;
    private final boolean[] descending;
    private final Projection projection;
    private final IndexEntries entries;
    private volatile boolean multikey;

    /** An index entry, or (with {@code bound} set) a position between entries for range scans. */
    record Entry(Object[] values, String key, int bound) {
        static final int NONE = 0;
        static final int BEFORE = -1;
        static final int AFTER = 1;
    }

    public TableIndex(IndexSpec spec) {
        this.spec = spec;
        int n = spec.fields().size();
        this.paths = new String[n][];
        this.descending = new boolean[n];
        List<String[]> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths[i] = spec.fields().get(i).path().split("\\.");
            descending[i] = spec.fields().get(i).descending();
            all.add(paths[i]);
        }
        this.projection = Projection.of(all);
        this.entries = new IndexEntries(this::compare);
    }

    public IndexSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public IndexInfo info() {
        return new IndexInfo(spec, entries.size(), multikey);
    }

    boolean isMultikey() {
        return multikey;
    }

    /** The index's leading path, split. */
    String[] leadingPath() {
        return paths[0];
    }

    private int compare(Entry a, Entry b) {
        int n = Math.min(a.values().length, b.values().length);
        for (int i = 0; i < n; i++) {
            int c = IndexOrder.compareComponent(a.values()[i], b.values()[i]);
            if (c != 0) {
                return descending[i] ? -c : c;
            }
        }
        if (a.bound() != Entry.NONE || b.bound() != Entry.NONE) {
            if (a.values().length != b.values().length) {
                // A bound over a prefix of the values sorts before (after) every entry with that prefix.
                return a.values().length < b.values().length ? (a.bound() == Entry.AFTER ? 1 : -1)
                        : (b.bound() == Entry.AFTER ? -1 : 1);
            }
            return Integer.compare(a.bound(), b.bound());
        }
        return IndexOrder.compareKeys(a.key(), b.key());
    }

    /**
     * Whether a write must be checked against this index before it commits: a unique index may refuse a value, and a
     * compound one an item with arrays on two paths; a single-field non-unique index takes anything.
     */
    public boolean checksWrites() {
        return spec.unique() || paths.length > 1;
    }

    /** The value tuples an item contributes: none (sparse and missing), one, or one per array element. */
    public List<Object[]> tuples(byte[] json) {
        JsonNode doc = projection.apply(json);
        List<Object[]> out = new ArrayList<>(1);
        Object[] first = new Object[paths.length];
        out.add(first);
        int arrayPath = -1;
        for (int i = 0; i < paths.length; i++) {
            PathValues v = PathValues.of(doc, paths[i]);
            if (v.isMissing()) {
                if (i == 0 && spec.sparse()) {
                    return List.of();
                }
                for (Object[] t : out) {
                    t[i] = NullNode.getInstance();
                }
                continue;
            }
            List<JsonNode> elements = new ArrayList<>();
            for (JsonNode value : v.values) {
                if (value.isArray() && !value.isEmpty()) {
                    value.forEach(elements::add);
                } else {
                    elements.add(value.isArray() ? NullNode.getInstance() : value);
                }
            }
            boolean array = v.values.size() > 1 || v.values.get(0).isArray();
            if (array) {
                if (arrayPath >= 0) {
                    throw new ValidationException("index '" + spec.name() + "' cannot hold an item whose paths '"
                            + spec.fields().get(arrayPath).path() + "' and '" + spec.fields().get(i).path()
                            + "' both hold arrays (parallel arrays)");
                }
                arrayPath = i;
                multikey = true;
                List<Object[]> expanded = new ArrayList<>();
                for (Object[] t : out) {
                    for (JsonNode e : distinct(elements)) {
                        Object[] copy = t.clone();
                        copy[i] = e;
                        expanded.add(copy);
                    }
                }
                out = expanded;
            } else {
                for (Object[] t : out) {
                    t[i] = elements.get(0);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> distinct(List<JsonNode> values) {
        List<JsonNode> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            boolean seen = false;
            for (JsonNode o : out) {
                seen |= dev.mikrodb.internal.document.BsonOrder.equal(o, v);
            }
            if (!seen) {
                out.add(v);
            }
        }
        return out;
    }

    /** Adds the entries of an item. Under the table's commit lock (or before the table is shared). */
    public void add(String key, byte[] json) {
        for (Object[] t : tuples(json)) {
            entries.add(t, key);
        }
    }

    /** Removes the entries an item's stored value contributed. */
    public void remove(String key, byte[] json) {
        for (Object[] t : tuples(json)) {
            entries.remove(t, key);
        }
    }

    /** Keys whose entries have exactly these leading values (a prefix of the index's fields). */
    Iterator<Entry> equal(Object[] prefix) {
        return entries.between(new Entry(prefix, "", Entry.BEFORE), new Entry(prefix, "", Entry.AFTER));
    }

    /**
     * Entries whose leading value lies between two bounds ({@code null}: the start or end of the bracket given by
     * {@code edge}), in index order.
     */
    Iterator<Entry> range(Object low, boolean lowInclusive, Object high, boolean highInclusive) {
        if (descending[0]) { // the index runs high to low: scan from the high bound
            Object v = low;
            low = high;
            high = v;
            boolean i = lowInclusive;
            lowInclusive = highInclusive;
            highInclusive = i;
        }
        Entry from = new Entry(new Object[] {low}, "", lowInclusive ? Entry.BEFORE : Entry.AFTER);
        Entry to = new Entry(new Object[] {high}, "", highInclusive ? Entry.AFTER : Entry.BEFORE);
        if (compare(from, to) > 0) {
            return java.util.Collections.emptyIterator();
        }
        return entries.between(from, to);
    }

    /** Every entry in index order (or reversed). */
    Iterator<Entry> all(boolean reverse) {
        return entries.all(reverse);
    }

    /** The keys already holding these values, other than {@code key}. */
    public List<String> holders(Object[] values, String key) {
        List<String> out = new ArrayList<>(1);
        for (Iterator<Entry> it = equal(values); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.key().equals(key)) {
                out.add(e.key());
            }
        }
        return out;
    }

    /** Whether two value tuples are equal in index order. */
    public boolean sameValues(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            if (IndexOrder.compareComponent(a[i], b[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A tuple as JSON text, for messages: the value, or an array of them for a compound index. */
    public static String describe(Object[] tuple) {
        if (tuple.length == 1) {
            return String.valueOf(tuple[0]);
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < tuple.length; i++) {
            b.append(i == 0 ? "" : ", ").append(tuple[i]);
        }
        return b.append("]").toString();
    }

    boolean descendingLeader() {
        return descending[0];
    }

    static Comparator<String> keyOrder() {
        return IndexOrder.KEYS;
    }

    int fieldCount() {
        return paths.length;
    }
}
