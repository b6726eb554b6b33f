package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Explained;
import dev.mikrodb.Filter;
import dev.mikrodb.Item;
import dev.mikrodb.Query;
import dev.mikrodb.QueryPlan;
import dev.mikrodb.internal.api.QueryAccess;
import dev.mikrodb.internal.index.Planner;
import dev.mikrodb.internal.query.BytesFilter;
import dev.mikrodb.internal.query.NumericSortKey;
import dev.mikrodb.internal.query.NumericThenKeyOrder;
import dev.mikrodb.internal.query.Projection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Runs a query over one loaded table: filter under the table's scan read lock (so it never sees half a batch), then
 * sort and page outside it. Expired items met on the way are removed through the committer.
 */
final class QueryExecutor {
    /** Tables at least this large are queried in parallel (when the filter and sort are JSON, hence stateless). */
    static final int PARALLEL_SCAN_ITEMS = 20_000;
    /**
     * An unsorted query wanting at most this many matches (offset plus limit) scans on its own thread and stops at
     * the last one it needs, instead of testing every record (and making an item for every match) on all cores.
     */
    static final long EARLY_STOP_MATCHES = 1_000;

    /** The matches a part of a parallel scan makes room for before it has any. */
    private static final int PART_MATCHES_RESERVED = 8_192;

    private final Committer committer;
    private final java.util.concurrent.atomic.LongAdder parallelScans = new java.util.concurrent.atomic.LongAdder();

    QueryExecutor(Committer committer) {
        this.committer = committer;
    }

    List<Item> query(Table t, Query query, long now) {
        return run(t, query, now).results();
    }

    /**
     * Runs a query and reports how: through an index when the planner finds one for the filter's conditions (the
     * candidates it yields still pass the whole filter), else a scan of every item.
     */
    Explained run(Table t, Query query, long now) {
        long started = System.nanoTime();
        Filter filter = query.filter();
        Comparator<JsonNode> sort = query.sort();
        List<String[]> compiledPaths = QueryAccess.readPaths(query);
        boolean javaFilter = filter != null && query.filterJson() == null && compiledPaths == null;
        boolean javaSort = sort != null && query.sortJson() == null && compiledPaths == null;
        // Compiled JSON filters and sort specs are stateless, so large tables are scanned and sorted on all cores; a
        // Filter or Comparator written in Java might not be thread-safe and keeps to this thread.
        long wanted = sort != null ? Long.MAX_VALUE : saturatedSum(query.offset(), query.limit());
        boolean stopsEarly = wanted <= EARLY_STOP_MATCHES;
        boolean parallel = t.size() >= PARALLEL_SCAN_ITEMS && !javaFilter && !javaSort && !stopsEarly;
        // Values are kept as JSON bytes. A JSON or document filter reads them itself (BytesFilter); other filters and
        // sorts read a projection of just the fields they need (all of them for Java code).
        BytesFilter stored = filter instanceof BytesFilter f ? f : null;
        Projection projection = (filter == null || stored != null) && sort == null ? null
                : compiledPaths != null ? Projection.of(compiledPaths)
                : Projection.forQuery(stored != null ? null : query.filterJson(), javaFilter, query.sortJson(),
                        javaSort);
        // A one-field JSON sort by an integer sorts by a long read from the bytes, with no tree per match.
        NumericSortKey numericSort = query.sortJson() != null && compiledPaths == null
                ? NumericSortKey.of(query.sortJson()) : null;
        // A sorted query whose page can hold every match makes the result items during the scan too, while each
        // record is in the cache, instead of after the sort from records evicted since (a sixth of a sorted query).
        boolean itemsInScan = sort == null || saturatedSum(query.offset(), query.limit()) >= t.size();
        Scan scan = new Scan(filter, stored, sort != null, itemsInScan, projection, numericSort, now);
        Planner.Plan plan = plan(t, query);
        long[] examined = new long[2]; // index entries, items
        List<Match> matches;
        t.lockScans();
        try {
            if (plan != null) {
                matches = scan.candidates(t, plan.candidates(examined), examined);
                parallel = false;
            } else {
                if (parallel) {
                    parallelScans.increment();
                    examined[1] = t.size();
                    matches = scan.parallel(t);
                } else {
                    matches = scan.sequential(t, wanted, examined);
                }
            }
        } finally {
            t.unlockScans();
        }
        for (Record r : scan.expired) {
            committer.expire(t, r);
        }
        if (sort != null) {
            matches = sorted(matches, sort, projection, parallel);
        }
        List<Item> results = page(matches, query.offset(), query.limit());
        QueryPlan qp = new QueryPlan(plan == null ? null : plan.indexName(), examined[0], examined[1],
                results.size(), (System.nanoTime() - started) / 1_000);
        return new Explained(qp, results);
    }

    /** The index plan for a query's filter (MikroDB's language or MongoDB's), or null to scan. */
    private static Planner.Plan plan(Table t, Query query) {
        if (t.indexes.ready().isEmpty()) {
            return null;
        }
        JsonNode documentFilter = QueryAccess.documentFilter(query);
        if (documentFilter != null) {
            return Planner.forMongo(t.indexes, documentFilter);
        }
        return query.filterJson() == null ? null : Planner.forMikro(t.indexes, query.filterJson());
    }

    /**
     * A record that matched, with what its sort reads: its numeric sort key ({@link NumericSortKey}, else NONE) or
     * else the projection (null when there is no sort); and its result item when the page will hold every match
     * (always without a sort): made during the scan, on the scan's threads and while the record is in the cache, not
     * in a second pass over records evicted since (a tenth of a 100,000-item filter), else null.
     */
    private record Match(Record record, JsonNode view, Item item, long sortKey) {
        Match(Record record, JsonNode view, Item item) {
            this(record, view, item, NumericSortKey.NONE);
        }

        Item result() {
            return item != null ? item : record.toItem();
        }
    }

    /** One pass over a table: the matches, and the expired records met on the way. */
    private static final class Scan {
        private final Filter filter;
        private final BytesFilter stored;
        private final boolean keepViews;
        private final boolean itemsInScan;
        private final Projection projection;
        private final NumericSortKey numericSort;
        private final long now;
        final List<Record> expired = new ArrayList<>();

        /** @param stored the filter again when it can read stored bytes itself, else null */
        Scan(Filter filter, BytesFilter stored, boolean keepViews, boolean itemsInScan, Projection projection,
             NumericSortKey numericSort, long now) {
            this.filter = filter;
            this.stored = stored;
            this.keepViews = keepViews;
            this.itemsInScan = itemsInScan;
            this.projection = projection;
            this.numericSort = numericSort;
            this.now = now;
        }

        /**
         * What one thread reads from its records' stored bytes: the filter's matcher (null when the filter does not
         * read the bytes) and the numeric sort key's reader (null without one). Each keeps scratch space between
         * values, which a value would otherwise allocate, so each thread of a scan makes its own.
         */
        private record Readers(Predicate<byte[]> matcher, ToLongFunction<byte[]> sortKey) {
        }

        Readers readers() {
            return new Readers(stored == null ? null : stored.storedMatcher(),
                    numericSort == null ? null : numericSort.reader());
        }

        /** The match for a live record, or null; {@code readers} are this thread's. */
        Match test(Record r, Readers readers) {
            JsonNode view = null;
            if (readers.matcher() != null) {
                if (!readers.matcher().test(r.value())) {
                    return null;
                }
            } else if (filter != null) {
                view = projection.apply(r.value());
                if (!filter.matches(view)) {
                    return null;
                }
            }
            if (!keepViews) {
                return new Match(r, null, r.toItem());
            }
            Item item = itemsInScan ? r.toItem() : null;
            long key = readers.sortKey() != null ? readers.sortKey().applyAsLong(r.value()) : NumericSortKey.NONE;
            if (key != NumericSortKey.NONE) {
                return new Match(r, null, item, key);
            }
            return new Match(r, view != null ? view : projection.apply(r.value()), item);
        }

        /** The live records of candidate keys (from an index) that match, counting the items read. */
        List<Match> candidates(Table t, java.util.Set<String> keys, long[] examined) {
            List<Match> matches = new ArrayList<>();
            Readers readers = readers();
            for (String key : keys) {
                Record r = t.get(key);
                if (r == null) {
                    continue;
                }
                examined[1]++;
                if (r.isExpiredAt(now)) {
                    expired.add(r);
                } else {
                    Match m = test(r, readers);
                    if (m != null) {
                        matches.add(m);
                    }
                }
            }
            return matches;
        }

        /** Matches in the table's order, stopping once there are {@code wanted}; counts the records read. */
        List<Match> sequential(Table t, long wanted, long[] examined) {
            List<Match> matches = new ArrayList<>();
            Spliterator<Record> records = new PrefetchingRecords(t.records().spliterator());
            Readers readers = readers();
            Consumer<Record> test = r -> {
                examined[1]++;
                if (r.isExpiredAt(now)) {
                    expired.add(r);
                } else {
                    Match m = test(r, readers);
                    if (m != null) {
                        matches.add(m);
                    }
                }
            };
            while (matches.size() < wanted && records.tryAdvance(test)) {
                // test adds the matches
            }
            return matches;
        }

        List<Match> parallel(Table t) {
            List<Match> matches = ParallelParts.run(t.records().spliterator(), this::part);
            if (t.hasExpiringItems()) {
                for (Record r : t.records()) {
                    if (r.isExpiredAt(now)) {
                        expired.add(r);
                    }
                }
            }
            return matches;
        }

        /** The live records of one part of a parallel scan that match, on the thread that runs the part. */
        private List<Match> part(Spliterator<Record> records) {
            // room for the matches of most parts (a 100,000-item filter's part of 12,500 records has about 5,400), and
            // no more than 32 KiB of references before a part's matches need it
            List<Match> matches = new ArrayList<>((int) Math.min(records.estimateSize(), PART_MATCHES_RESERVED));
            Readers readers = readers();
            new PrefetchingRecords(records).forEachRemaining(r -> {
                if (!r.isExpiredAt(now)) {
                    Match m = test(r, readers);
                    if (m != null) {
                        matches.add(m);
                    }
                }
            });
            return matches;
        }
    }

    private static List<Match> sorted(List<Match> matches, Comparator<JsonNode> sort, Projection projection,
                                      boolean parallel) {
        // Ties are broken by key, so the order (and so every page of offset/limit) is the same on every call and on
        // both paths, whatever order the scan met the records in.
        if (matches.stream().allMatch(m -> m.sortKey() != NumericSortKey.NONE)) {
            return byNumberThenKey(matches);
        }
        // Some value had no numeric key: the matches that had one get their view now, and all use the comparator.
        matches.replaceAll(m -> m.view() != null ? m
                : new Match(m.record(), projection.apply(m.record().value()), m.item()));
        Comparator<Match> byValue = ((Comparator<Match>) (a, b) -> sort.compare(a.view(), b.view()))
                .thenComparing(m -> m.record().key());
        if (parallel) {
            Match[] array = matches.toArray(Match[]::new);
            Arrays.parallelSort(array, byValue);
            return Arrays.asList(array);
        }
        matches.sort(byValue);
        return matches;
    }

    private static List<Match> byNumberThenKey(List<Match> matches) {
        long[] numbers = new long[matches.size()];
        String[] keys = new String[matches.size()];
        for (int i = 0; i < keys.length; i++) {
            Match m = matches.get(i);
            numbers[i] = m.sortKey();
            keys[i] = m.item() != null ? m.item().key() : m.record().key(); // the item, when made, is nearer in memory
        }
        List<Match> sorted = new ArrayList<>(keys.length);
        for (int i : NumericThenKeyOrder.of(numbers, keys)) {
            sorted.add(matches.get(i));
        }
        return sorted;
    }

    private static List<Item> page(List<Match> matches, long offset, long limit) {
        int from = (int) Math.min(offset, matches.size());
        int to = (int) Math.min(matches.size(), from + Math.min(limit, Integer.MAX_VALUE));
        List<Item> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            items.add(matches.get(i).result());
        }
        return items;
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum; // both are at least 0, so only an overflow is negative
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
        for (Record r : t.recordsAnyOrder()) {
            if (!r.isExpiredAt(now)) {
                count++;
            }
        }
        return count;
    }
}
