package dev.mikrodb.internal.index;

import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries of one index, grouped by value tuple: a sorted map from each distinct tuple to the keys holding it
 * (one key as a plain string, several as a sorted set in key order). Iteration yields (tuple, key) entries in index
 * order, as one sorted set of entries would, but a write touches one bucket instead of walking a set where every
 * item sharing a value is another node to compare against: an index on a field with few distinct values (a status,
 * a city) used to cost a dozen value-then-key comparisons per change.
 *
 * <p>Changed only under the table's commit lock (one writer); read concurrently. A bucket's value is replaced, never
 * mutated, when it turns from one key into a set, so a reader sees either.
 */
final class IndexEntries {
    private final ConcurrentSkipListMap<TableIndex.Entry, Object> buckets;
    private final AtomicLong size = new AtomicLong();

    /** @param order compares tuples (entries whose keys are all empty); bounds sort between tuples */
    IndexEntries(Comparator<TableIndex.Entry> order) {
        this.buckets = new ConcurrentSkipListMap<>(order);
    }

    long size() {
        return size.get();
    }

    void add(Object[] values, String key) {
        TableIndex.Entry tuple = new TableIndex.Entry(values, "", TableIndex.Entry.NONE);
        Object bucket = buckets.get(tuple);
        if (bucket == null) {
            buckets.put(tuple, key);
            size.incrementAndGet();
        } else if (bucket instanceof String only) {
            if (!only.equals(key)) {
                ConcurrentSkipListSet<String> keys = new ConcurrentSkipListSet<>(IndexOrder.KEYS);
                keys.add(only);
                keys.add(key);
                buckets.put(tuple, keys);
                size.incrementAndGet();
            }
        } else if (keys(bucket).add(key)) {
            size.incrementAndGet();
        }
    }

    void remove(Object[] values, String key) {
        TableIndex.Entry tuple = new TableIndex.Entry(values, "", TableIndex.Entry.NONE);
        Object bucket = buckets.get(tuple);
        if (bucket instanceof String only) {
            if (only.equals(key) && buckets.remove(tuple, only)) {
                size.decrementAndGet();
            }
        } else if (bucket != null && keys(bucket).remove(key)) {
            size.decrementAndGet();
            if (keys(bucket).isEmpty()) {
                buckets.remove(tuple, bucket);
            }
        }
    }

    /** Entries from {@code from} to {@code to} (bounds or tuples), in index order. */
    Iterator<TableIndex.Entry> between(TableIndex.Entry from, TableIndex.Entry to) {
        return new Flattening(buckets.subMap(from, true, to, true), false);
    }

    /** Every entry, in index order or reversed. */
    Iterator<TableIndex.Entry> all(boolean reverse) {
        return new Flattening(reverse ? buckets.descendingMap() : buckets, reverse);
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentSkipListSet<String> keys(Object bucket) {
        return (ConcurrentSkipListSet<String>) bucket;
    }

    /** Walks the buckets of a map view, yielding each key of each bucket as an entry. */
    private static final class Flattening implements Iterator<TableIndex.Entry> {
        private final Iterator<Map.Entry<TableIndex.Entry, Object>> buckets;
        private final boolean reverse;
        private Object[] values;
        private Iterator<String> keys = Collections.emptyIterator();

        Flattening(NavigableMap<TableIndex.Entry, Object> view, boolean reverse) {
            this.buckets = view.entrySet().iterator();
            this.reverse = reverse;
        }

        @Override
        public boolean hasNext() {
            while (!keys.hasNext()) {
                if (!buckets.hasNext()) {
                    return false;
                }
                Map.Entry<TableIndex.Entry, Object> bucket = buckets.next();
                values = bucket.getKey().values();
                Object v = bucket.getValue();
                keys = v instanceof String only ? java.util.List.of(only).iterator()
                        : reverse ? keys(v).descendingIterator() : keys(v).iterator();
            }
            return true;
        }

        @Override
        public TableIndex.Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return new TableIndex.Entry(values, keys.next(), TableIndex.Entry.NONE);
        }
    }
}
