package dev.mikrodb.internal.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A fixed number of counters that many threads add to without any atomic instruction: each thread adds to its own
 * cells (only it writes them, so a plain read-modify-write loses nothing; opaque access keeps each long whole), and
 * {@link #sum} adds the cells up. For counters on paths as hot as a get, where a shared adder's locked instruction
 * costs more than the work it counts. The cells of threads that have ended are folded into one now and then, so
 * threads coming and going do not pile them up.
 *
 * <p>A thread's cells may end in scratch slots (after the counters) that only it uses, for state such as "when did I
 * last do this"; {@link #sum} leaves them out.
 */
public final class ThreadCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private record Cell(Thread owner, long[] counts) {
    }

    private final int size;
    private final int scratch;
    private final ThreadLocal<long[]> mine = ThreadLocal.withInitial(this::newCell);
    /** Guarded by {@code this}: the cells of threads alive when last looked at, and what ended ones counted. */
    private final List<Cell> live = new ArrayList<>();
    private final long[] ended;
    private int liveAfterSweep;

    public ThreadCounters(int size) {
        this(size, 0);
    }

    /** {@code size} counters, and {@code scratch} slots of each thread's own after them. */
    public ThreadCounters(int size, int scratch) {
        this.size = size;
        this.scratch = scratch;
        this.ended = new long[size];
    }

    private long[] newCell() {
        Cell cell = new Cell(Thread.currentThread(), new long[size + scratch]);
        synchronized (this) {
            if (live.size() >= 2 * liveAfterSweep + 64) {
                sum();
            }
            live.add(cell);
        }
        return cell.counts();
    }

    /** The calling thread's cells, to {@link #add} to; only the calling thread may use them. */
    public long[] cells() {
        return mine.get();
    }

    /** Adds {@code delta} to counter {@code i} of {@code cells}, which must be the calling thread's. */
    public static void add(long[] cells, int i, long delta) {
        LONGS.setOpaque(cells, i, (long) LONGS.getOpaque(cells, i) + delta);
    }

    public void add(int i, long delta) {
        add(cells(), i, delta);
    }

    /** Cells kept for threads not yet seen to have ended (tests). */
    synchronized int liveCells() {
        return live.size();
    }

    /** Every counter, all threads' cells added up (a thread's latest adds may show a moment late). */
    public synchronized long[] sum() {
        long[] sum = ended.clone();
        for (Iterator<Cell> it = live.iterator(); it.hasNext(); ) {
            Cell cell = it.next();
            boolean over = !cell.owner().isAlive(); // once it has ended, its last adds are visible
            for (int i = 0; i < size; i++) {
                long v = (long) LONGS.getOpaque(cell.counts(), i);
                sum[i] += v;
                if (over) {
                    ended[i] += v;
                }
            }
            if (over) {
                it.remove();
            }
        }
        liveAfterSweep = live.size();
        return sum;
    }
}
