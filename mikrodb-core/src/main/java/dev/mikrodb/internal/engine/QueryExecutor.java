package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Filter;
import dev.mikrodb.Item;
import dev.mikrodb.Query;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a query over one loaded table: filter under the table's scan read lock (so it never sees half a batch), then
 * sort and page outside it. Expired items met on the way are removed through the committer.
 */
final class QueryExecutor {
    /** Tables at least this large are queried in parallel (when the filter and sort are JSON, hence stateless). */
    static final int PARALLEL_SCAN_ITEMS = 20_000;

    private final Committer committer;
    private final java.util.concurrent.atomic.LongAdder parallelScans = new java.util.concurrent.atomic.LongAdder();

    QueryExecutor(Committer committer) {
        this.committer = committer;
    }

    List<Item> query(Table t, Query query, long now) {
        Filter filter = query.filter();
        Comparator<JsonNode> sort = query.sort();
        // Compiled JSON filters and sort specs are stateless, so large tables are scanned and sorted on all cores; a
        // Filter or Comparator written in Java might not be thread-safe and keeps to this thread.
        boolean parallel = t.size() >= PARALLEL_SCAN_ITEMS && (filter == null || query.filterJson() != null)
                && (sort == null || query.sortJson() != null);
        List<Record> matches;
        List<Record> expired = new ArrayList<>();
        if (parallel) {
            parallelScans.increment();
        }
        t.lockScans();
        try {
            matches = parallel ? scanParallel(t, filter, now, expired) : scan(t, filter, now, expired);
        } finally {
            t.unlockScans();
        }
        for (Record r : expired) {
            committer.expire(t, r);
        }
        if (sort != null) {
            matches = sorted(matches, sort, parallel);
        }
        return page(matches, query.offset(), query.limit());
    }

    private static List<Record> scan(Table t, Filter filter, long now, List<Record> expired) {
        List<Record> matches = new ArrayList<>();
        for (Record r : t.records()) {
            if (r.isExpiredAt(now)) {
                expired.add(r);
            } else if (filter == null || filter.matches(r.tree())) {
                matches.add(r);
            }
        }
        return matches;
    }

    private static List<Record> scanParallel(Table t, Filter filter, long now, List<Record> expired) {
        List<Record> matches = t.records().parallelStream()
                .filter(r -> !r.isExpiredAt(now) && (filter == null || filter.matches(r.tree())))
                .collect(Collectors.toCollection(ArrayList::new));
        if (t.hasExpiringItems()) {
            for (Record r : t.records()) {
                if (r.isExpiredAt(now)) {
                    expired.add(r);
                }
            }
        }
        return matches;
    }

    private static List<Record> sorted(List<Record> matches, Comparator<JsonNode> sort, boolean parallel) {
        // Ties are broken by key, so the order (and so every page of offset/limit) is the same on every call and on
        // both paths, whatever order the scan met the records in.
        Comparator<Record> byValue = ((Comparator<Record>) (a, b) -> sort.compare(a.tree(), b.tree()))
                .thenComparing(r -> r.key);
        if (parallel) {
            Record[] array = matches.toArray(Record[]::new);
            Arrays.parallelSort(array, byValue);
            return Arrays.asList(array);
        }
        matches.sort(byValue);
        return matches;
    }

    private static List<Item> page(List<Record> matches, long offset, long limit) {
        int from = (int) Math.min(offset, matches.size());
        int to = (int) Math.min(matches.size(), from + Math.min(limit, Integer.MAX_VALUE));
        List<Item> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            items.add(matches.get(i).toItem());
        }
        return items;
    }

    /** How many queries have scanned in parallel. */
    long parallelScans() {
        return parallelScans.sum();
    }

    /** Live (unexpired) items of a table. */
    static long liveCount(Table t, long now) {
        if (!t.hasExpiringItems()) {
            return t.size();
        }
        long count = 0;
        for (Record r : t.records()) {
            if (!r.isExpiredAt(now)) {
                count++;
            }
        }
        return count;
    }

    /** Removes the expired items of a loaded table; returns how many. */
    int sweep(Table t, long now) {
        if (!t.hasExpiringItems()) {
            return 0;
        }
        int removed = 0;
        for (Record r : t.records()) {
            if (r.isExpiredAt(now) && committer.expire(t, r)) {
                removed++;
            }
        }
        return removed;
    }
}
