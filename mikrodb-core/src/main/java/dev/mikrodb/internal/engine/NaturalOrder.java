package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.index.KeyOrder;
import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * A table's records in the order they were created: what a query or {@code find} without a sort returns, as the
 * Node original's tables (JavaScript Maps) and MongoDB's natural order do. An update keeps an item's place; a delete
 * and a later create of the same key puts it last.
 *
 * <p>The records sit in one array, each knowing its slot ({@link Record#slot}); a removal leaves a hole, and the
 * array is packed once a quarter of it is holes. Changes happen under the table's commit and scan write locks; a
 * reader without a lock sees a weakly consistent view (never an error), like the concurrent map's.
 *
 * <p>Table files keep their entries in hashed buckets, not in this order, so records read from files are put in
 * order of creation revision ({@link #sortLoaded}): items created by one write request then come in key order.
 */
final class NaturalOrder extends AbstractCollection<Record> {
    private static final int FIRST_CAPACITY = 8;
    private static final Comparator<Record> BY_KEY = Comparator.comparing(Record::key, KeyOrder.UTF8);
    private static final Comparator<Record> BY_CREATION =
            Comparator.comparingLong(Record::createRevision).thenComparing(BY_KEY);

    private volatile Record[] slots = new Record[FIRST_CAPACITY];
    /** Slots in use, holes included. */
    private volatile int end;
    /** Slots before {@link #end} that a removal left empty. */
    private int holes;
    /** Slots before this hold records read from files, not yet in creation order ({@link #sortLoaded}); else 0. */
    private volatile int unsorted;

    /** {@code next} has entered the table, replacing {@code old} (null when its key is new). */
    void place(Record old, Record next) {
        if (old == null) {
            append(next);
        } else {
            replace(old, next);
        }
    }

    /** {@code r} is new to the table: it goes last. */
    private void append(Record r) {
        Record[] s = slots;
        int e = end;
        if (e == s.length) {
            s = Arrays.copyOf(s, s.length + (s.length >> 1) + 1);
            slots = s;
        }
        r.slot = e;
        s[e] = r;
        end = e + 1;
    }

    /** {@code next} replaces {@code old}: in its place when it is the same creation, else last (a re-creation). */
    private void replace(Record old, Record next) {
        if (old.createRevision() == next.createRevision()) {
            next.slot = old.slot;
            slots[old.slot] = next;
        } else {
            remove(old);
            append(next);
        }
    }

    void remove(Record old) {
        slots[old.slot] = null;
        holes++;
        if (holes > FIRST_CAPACITY && holes > end / 4) {
            int live = size();
            pack(live + (live >> 2));
        }
    }

    /**
     * The records now present were read from the table's files, in the files' hashed order: they take their creation
     * order before the next ordered read. Sorting waits until then because it costs about as much as the load (40 ms
     * for 100,000 items, measured), which a table loaded for a write or a count need not pay.
     */
    void loadedFromFiles() {
        unsorted = end;
    }

    /**
     * Sorts the records read from files (slots before {@link #unsorted}) by creation revision, then key; the records
     * written since keep their places after them (their revisions are all later). Runs under the table's scan read
     * lock or its commit lock, either of which keeps writers out; the monitor keeps out a second sorter. A reader
     * without a lock still holds the old array, which this never changes.
     */
    private synchronized void sortLoaded() {
        int loaded = unsorted;
        if (loaded == 0) {
            return;
        }
        Record[] s = slots;
        int e = end;
        int live = size();
        Record[] fromFiles = new Record[Math.max(FIRST_CAPACITY, live)];
        int n = 0;
        for (int i = 0; i < loaded; i++) {
            if (s[i] != null) {
                fromFiles[n++] = s[i];
            }
        }
        Record[] sorted = byCreation(fromFiles, n);
        for (int i = loaded; i < e; i++) {
            if (s[i] != null) {
                sorted[n++] = s[i];
            }
        }
        for (int i = 0; i < n; i++) {
            sorted[i].slot = i;
        }
        holes = 0;
        slots = sorted;
        end = n;
        unsorted = 0;
    }

    /**
     * The first {@code n} of {@code records} by creation revision, then key, in an array of the same length. The
     * revisions are sorted as plain numbers (each with its index, in one long), and only the items of one revision
     * (one write request's) are then compared by key.
     */
    private static Record[] byCreation(Record[] records, int n) {
        long most = 0;
        for (int i = 0; i < n; i++) {
            most = Math.max(most, records[i].createRevision());
        }
        if (n < 2 || most > (Long.MAX_VALUE - n) / n) {
            Arrays.sort(records, 0, n, BY_CREATION);
            return records;
        }
        long[] packed = new long[n]; // revision * n + index: sorting it sorts by revision
        for (int i = 0; i < n; i++) {
            packed[i] = Math.max(0, records[i].createRevision()) * n + i;
        }
        Arrays.sort(packed);
        Record[] sorted = new Record[records.length];
        for (int i = 0; i < n; i++) {
            sorted[i] = records[(int) (packed[i] % n)];
        }
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || packed[i] / n != packed[start] / n) {
                if (i - start > 1) {
                    Arrays.sort(sorted, start, i, BY_KEY);
                }
                start = i;
            }
        }
        return sorted;
    }

    /** Moves the records to a new array of {@code capacity} without holes, renumbering their slots. */
    private void pack(int capacity) {
        Record[] packed = new Record[Math.max(FIRST_CAPACITY, capacity)];
        Record[] s = slots;
        int n = 0;
        int stillUnsorted = 0;
        for (int i = 0, e = end; i < e; i++) {
            Record r = s[i];
            if (r != null) {
                r.slot = n;
                packed[n++] = r;
            }
            if (i + 1 == unsorted) {
                stillUnsorted = n;
            }
        }
        unsorted = stillUnsorted;
        holes = 0;
        slots = packed;
        end = n;
    }

    @Override
    public int size() {
        return end - holes;
    }

    @Override
    public Iterator<Record> iterator() {
        return Spliterators.iterator(spliterator());
    }

    @Override
    public Spliterator<Record> spliterator() {
        if (unsorted > 0) {
            sortLoaded();
        }
        int e = end; // read before the array: a packed array can be shorter than the end read earlier
        Record[] s = slots;
        return new Slots(s, 0, Math.min(e, s.length));
    }

    /** A range of the slot array, skipping holes; splits in halves for parallel scans, keeping the order. */
    private static final class Slots implements Spliterator<Record> {
        private final Record[] slots;
        private int from;
        private final int to;

        Slots(Record[] slots, int from, int to) {
            this.slots = slots;
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean tryAdvance(Consumer<? super Record> action) {
            while (from < to) {
                Record r = slots[from++];
                if (r != null) {
                    action.accept(r);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void forEachRemaining(Consumer<? super Record> action) {
            for (int i = from; i < to; i++) {
                Record r = slots[i];
                if (r != null) {
                    action.accept(r);
                }
            }
            from = to;
        }

        @Override
        public Spliterator<Record> trySplit() {
            int mid = (from + to) >>> 1;
            if (mid - from < 64) {
                return null;
            }
            Slots prefix = new Slots(slots, from, mid);
            from = mid;
            return prefix;
        }

        @Override
        public long estimateSize() {
            return to - from;
        }

        @Override
        public int characteristics() {
            return ORDERED | NONNULL;
        }
    }
}
