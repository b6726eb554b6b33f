package dev.mikrodb.internal.stats;

import dev.mikrodb.MikroStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Counts and latencies of the engine's operations: since open (a histogram with power-of-two buckets from 1 µs), and
 * over the last minute, for rates and percentiles.
 *
 * <p>Recording must cost next to nothing: it runs around every get. Each thread counts in its own cells
 * ({@link ThreadCounters}), so recording takes no atomic instruction. (With shared adders, four locked instructions
 * per get kept the processor from overlapping one get's cache misses with the next one's.) A clock read has the same
 * effect where the clock is ordered (a virtual machine's: {@code System.nanoTime} around each get took random gets
 * over 100,000 items from 16M/s to 3M/s in a plain map), so gets are timed one in {@value #GET_SAMPLE} per thread:
 * a get not timed counts with the latency of its thread's last timed get. Counts stay exact, bucket counts still add
 * up to the total, and latencies are a sample. A get not timed only counts down a slot of its thread's; the next
 * timed get moves the gets it stands for into the counters, and a sum read in between adds them itself
 * ({@link #foldUntimedGets}), a sequence lock keeping the two from counting them twice. Updating the total, the time
 * and a bucket for every get had kept random gets over 100,000 items about a fifth slower (docs/benchmarks.md,
 * "Twenty-second pass").
 * The last minute is the difference between the totals now and a mark of the totals taken at most once a second,
 * by the maintenance tick and by every snapshot ({@link #mark}), so it spans the last 60 seconds to within the
 * marks' spacing.
 */
public final class OperationStats {
    /** The operations counted, in the order reported. */
    public enum Op {
        GET, QUERY, WRITE, DELETE, LIST, COMMIT;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final int BUCKETS = MikroStats.LATENCY_BUCKET_SECONDS.size() + 1;
    private static final int WINDOW_SECONDS = 60;
    /** Per operation: total, errors, nanoseconds, then the latency buckets. */
    private static final int TOTAL = 0;
    private static final int ERRORS = 1;
    private static final int NANOS = 2;
    private static final int FIRST_BUCKET = 3;
    private static final int PER_OP = FIRST_BUCKET + BUCKETS;
    private static final int SLOTS = Op.values().length * PER_OP;
    /** Gets are timed one in this many, per thread. */
    static final int GET_SAMPLE = 32;
    /**
     * A thread's own slots after the counters: untimed gets left before its next timed one (the untimed gets since
     * the last timed one are {@code GET_SAMPLE - 1} minus it, counted nowhere else yet), and the last timed get's
     * latency and bucket, which whoever folds those gets in counts them with. Other threads read them.
     */
    private static final int UNTIMED_LEFT = SLOTS;
    private static final int LAST_NANOS = SLOTS + 1;
    private static final int LAST_BUCKET = SLOTS + 2;
    /** 1 once the thread has timed a get: before it, no untimed get is pending. */
    private static final int TIMED_ONCE = SLOTS + 3;

    /** The totals at a second ({@code System.currentTimeMillis() / 1000}). */
    private record Mark(long second, long[] totals) {
    }

    private final ThreadCounters counters = new ThreadCounters(SLOTS, 4, OperationStats::foldUntimedGets);
    private final Object lock = new Object();
    /** Guarded by {@code lock}: marks, oldest first; the first one is at open, with nothing counted. */
    private final List<Mark> marks = new ArrayList<>();

    public OperationStats() {
        this(nowSecond());
    }

    /** Opened at {@code second}: tests pass the seconds themselves ({@link #markAt}, {@link #snapshotAt}). */
    OperationStats(long second) {
        marks.add(new Mark(second, new long[SLOTS]));
    }

    private static long nowSecond() {
        return System.currentTimeMillis() / 1000;
    }

    /** Runs {@code body} and records it as {@code op}: its latency, and whether it threw. */
    public <T> T time(Op op, Supplier<T> body) {
        return time(op, body, null, (supplier, unused) -> supplier.get());
    }

    /**
     * {@link #time(Op, Supplier)} for {@code body.apply(first, second)}. A caller that keeps {@code body} in a field
     * allocates nothing to be timed, where a lambda capturing its arguments is an object per call (a quarter of what
     * a get allocated).
     */
    public <A, B, T> T time(Op op, A first, B second, BiFunction<A, B, T> body) {
        return op == Op.GET ? timeGet(first, second, body) : timeEach(counters.cells(), op, first, second, body);
    }

    /**
     * A get: {@link #time(Op, Object, Object, BiFunction)} for {@link Op#GET}, with the untimed case (31 in 32) kept
     * this short so that the compiler inlines it, and {@code body} with it, into the caller. Written as one method
     * with the timed case in line, the method was too large to inline; a get then made a call here and another to
     * the body, and whether the body was inlined into this method's own compilation depended on which of the two the
     * compiler reached first: forks of one build ran 2.7M/s or 3.8M/s (docs/benchmarks.md, "Twenty-third pass").
     */
    public <A, B, T> T timeGet(A first, B second, BiFunction<A, B, T> body) {
        long[] cells = counters.cells();
        if (cells[UNTIMED_LEFT] <= 0) { // only this thread writes its scratch slots
            return timeEach(cells, Op.GET, first, second, body);
        }
        T result;
        try {
            result = body.apply(first, second);
        } catch (Throwable e) { // unchecked only: the body declares nothing
            untimedGetFailed(cells);
            throw e;
        }
        ThreadCounters.set(cells, UNTIMED_LEFT, cells[UNTIMED_LEFT] - 1); // counted when folded in
        return result;
    }

    /** An untimed get threw: errors count at once, with the latency of the thread's last timed get. */
    private static void untimedGetFailed(long[] cells) {
        add(cells, Op.GET, cells[LAST_NANOS], (int) cells[LAST_BUCKET], true);
    }

    /** Times one operation: a timed get, or any other operation. */
    private static <A, B, T> T timeEach(long[] cells, Op op, A first, B second, BiFunction<A, B, T> body) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = body.apply(first, second);
            failed = false;
            return result;
        } finally {
            long took = System.nanoTime() - start;
            int bucket = bucketOf(took);
            if (op == Op.GET) {
                timedGet(cells, took, bucket, failed);
            } else {
                add(cells, op, took, bucket, failed);
            }
        }
    }

    /**
     * Counts a timed get, moves the untimed gets since the last one into the counters with that one's latency, and
     * restarts the countdown with this one's: one move that a sum sees whole ({@link ThreadCounters#beginMove}).
     */
    private static void timedGet(long[] cells, long took, int bucket, boolean failed) {
        long pending = pendingUntimedGets(cells);
        ThreadCounters.beginMove(cells);
        if (pending > 0) {
            add(cells, Op.GET, pending, pending * cells[LAST_NANOS], (int) cells[LAST_BUCKET]);
        }
        add(cells, Op.GET, took, bucket, failed);
        ThreadCounters.set(cells, LAST_NANOS, took);
        ThreadCounters.set(cells, LAST_BUCKET, bucket);
        ThreadCounters.set(cells, TIMED_ONCE, 1);
        ThreadCounters.set(cells, UNTIMED_LEFT, GET_SAMPLE - 1);
        ThreadCounters.endMove(cells);
    }

    /** Another thread's sum: adds the untimed gets {@code cells} hold pending, as their owner will. */
    private static void foldUntimedGets(long[] cells, long[] into) {
        long pending = pendingUntimedGets(cells);
        if (pending > 0) {
            int base = Op.GET.ordinal() * PER_OP;
            into[base + TOTAL] += pending;
            into[base + NANOS] += pending * ThreadCounters.read(cells, LAST_NANOS);
            into[base + FIRST_BUCKET + (int) ThreadCounters.read(cells, LAST_BUCKET)] += pending;
        }
    }

    private static long pendingUntimedGets(long[] cells) {
        return ThreadCounters.read(cells, TIMED_ONCE) == 0 ? 0 : GET_SAMPLE - 1 - ThreadCounters.read(cells,
                UNTIMED_LEFT);
    }

    private static void add(long[] cells, Op op, long took, int bucket, boolean failed) {
        add(cells, op, 1, took, bucket);
        if (failed) {
            ThreadCounters.add(cells, op.ordinal() * PER_OP + ERRORS, 1);
        }
    }

    /** {@code count} operations that took {@code nanos} in all, in {@code bucket}. */
    private static void add(long[] cells, Op op, long count, long nanos, int bucket) {
        int base = op.ordinal() * PER_OP;
        ThreadCounters.add(cells, base + TOTAL, count);
        ThreadCounters.add(cells, base + NANOS, nanos);
        ThreadCounters.add(cells, base + FIRST_BUCKET + bucket, count);
    }

    static int bucketOf(long nanos) {
        long micros = (nanos + 999) / 1000;
        int b = micros <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(micros - 1); // ceil(log2(micros))
        return Math.min(b, BUCKETS - 1);
    }

    /** Notes the totals for this second, if not noted yet: the maintenance tick calls this. */
    public void mark() {
        markAt(nowSecond());
    }

    void markAt(long second) {
        synchronized (lock) {
            markNow(second);
        }
    }

    /** Under {@code lock}: the totals now, after noting them for {@code second}; marks out of the window go. */
    private long[] markNow(long second) {
        long[] totals = counters.sum();
        if (marks.get(marks.size() - 1).second() < second) {
            marks.add(new Mark(second, totals));
        }
        while (marks.size() > 1 && marks.get(1).second() <= second - WINDOW_SECONDS) {
            marks.remove(0); // the first mark stays the newest one at or before the window's start
        }
        return totals;
    }

    /** Every operation's figures now. */
    public Map<String, MikroStats.Operation> snapshot() {
        return snapshotAt(nowSecond());
    }

    Map<String, MikroStats.Operation> snapshotAt(long second) {
        long[] totals;
        long[] before;
        synchronized (lock) {
            totals = markNow(second);
            Mark from = marks.get(0);
            for (Mark m : marks) { // the oldest mark inside the last minute, else the newest one before it
                if (m.second() > second - WINDOW_SECONDS) {
                    from = m;
                    break;
                }
            }
            before = from.totals();
        }
        Map<String, MikroStats.Operation> out = new LinkedHashMap<>();
        for (Op op : Op.values()) {
            int base = op.ordinal() * PER_OP;
            long[] minute = new long[BUCKETS];
            long inMinute = 0;
            List<Long> all = new ArrayList<>(BUCKETS);
            for (int b = 0; b < BUCKETS; b++) {
                int slot = base + FIRST_BUCKET + b;
                minute[b] = totals[slot] - before[slot];
                inMinute += minute[b];
                all.add(totals[slot]);
            }
            out.put(op.label(), new MikroStats.Operation(totals[base + TOTAL], totals[base + ERRORS],
                    totals[base + NANOS] / 1e9, inMinute / (double) WINDOW_SECONDS,
                    percentileMicros(minute, inMinute, 0.50), percentileMicros(minute, inMinute, 0.99), all));
        }
        return out;
    }

    /** The upper bound of the bucket holding the quantile: an over-estimate by at most a factor of two. */
    private static double percentileMicros(long[] buckets, long total, double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= rank) {
                return b < MikroStats.LATENCY_BUCKET_SECONDS.size() ? MikroStats.LATENCY_BUCKET_SECONDS.get(b) * 1e6
                        : Double.POSITIVE_INFINITY;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
