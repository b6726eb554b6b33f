package dev.mikrodb.internal.stats;

import dev.mikrodb.MikroStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and latencies of the engine's operations: since open (a histogram with power-of-two buckets from 1 µs), and
 * over the last minute (one histogram per second in a ring of 60) for rates and percentiles. Recording costs two
 * clock reads and a few uncontended adds; nothing allocates.
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
    private static final int WINDOW = 60;

    private final PerOp[] ops = new PerOp[Op.values().length];

    public OperationStats() {
        for (int i = 0; i < ops.length; i++) {
            ops[i] = new PerOp();
        }
    }

    private static final class PerOp {
        final LongAdder total = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder[] buckets = new LongAdder[BUCKETS];
        final long[] slotSecond = new long[WINDOW];
        final AtomicLongArray window = new AtomicLongArray(WINDOW * BUCKETS);

        PerOp() {
            for (int i = 0; i < BUCKETS; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    /** Runs {@code body} and records it as {@code op}: its latency, and whether it threw. */
    public <T> T time(Op op, java.util.function.Supplier<T> body) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = body.get();
            failed = false;
            return result;
        } finally {
            record(op, start, failed);
        }
    }

    /** Records one operation that started at {@code startNanos} ({@link System#nanoTime}). */
    public void record(Op op, long startNanos, boolean failed) {
        long took = System.nanoTime() - startNanos;
        PerOp p = ops[op.ordinal()];
        p.total.increment();
        p.nanos.add(took);
        if (failed) {
            p.errors.increment();
        }
        int bucket = bucketOf(took);
        p.buckets[bucket].increment();
        long second = System.currentTimeMillis() / 1000;
        int slot = (int) (second % WINDOW);
        if (p.slotSecond[slot] != second) {
            synchronized (p) {
                if (p.slotSecond[slot] != second) {
                    for (int b = 0; b < BUCKETS; b++) {
                        p.window.set(slot * BUCKETS + b, 0);
                    }
                    p.slotSecond[slot] = second;
                }
            }
        }
        p.window.incrementAndGet(slot * BUCKETS + bucket);
    }

    static int bucketOf(long nanos) {
        long micros = (nanos + 999) / 1000;
        int b = micros <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(micros - 1); // ceil(log2(micros))
        return Math.min(b, BUCKETS - 1);
    }

    /** Every operation's figures now. */
    public Map<String, MikroStats.Operation> snapshot() {
        Map<String, MikroStats.Operation> out = new LinkedHashMap<>();
        long now = System.currentTimeMillis() / 1000;
        for (Op op : Op.values()) {
            PerOp p = ops[op.ordinal()];
            long[] minute = new long[BUCKETS];
            long inMinute = 0;
            for (int slot = 0; slot < WINDOW; slot++) {
                long second = p.slotSecond[slot];
                if (second > now - WINDOW && second <= now) {
                    for (int b = 0; b < BUCKETS; b++) {
                        long c = p.window.get(slot * BUCKETS + b);
                        minute[b] += c;
                        inMinute += c;
                    }
                }
            }
            List<Long> all = new ArrayList<>(BUCKETS);
            for (LongAdder a : p.buckets) {
                all.add(a.sum());
            }
            out.put(op.label(), new MikroStats.Operation(p.total.sum(), p.errors.sum(), p.nanos.sum() / 1e9,
                    inMinute / (double) WINDOW, percentileMicros(minute, inMinute, 0.50),
                    percentileMicros(minute, inMinute, 0.99), all));
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
