package dev.mikrodb.server.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Connections open now and accepted since start: kept by {@link ConnectionLimitHandler}, shown by the stats. */
public final class ConnectionCounts {
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder total = new LongAdder();

    void opened() {
        active.incrementAndGet();
        total.increment();
    }

    void closed() {
        active.decrementAndGet();
    }

    public int active() {
        return active.get();
    }

    public long total() {
        return total.sum();
    }
}
