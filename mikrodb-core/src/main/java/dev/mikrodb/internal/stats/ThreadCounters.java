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
    /**
     * Slots of {@link #byId}. A get's {@code ThreadLocal} lookup of its cells cost 0-9% of a server's samples from one
     * JVM to the next (JFR, remote YCSB C): how much depended on whether that {@code ThreadLocal} collided with
     * another in the thread's map, which the order they were made in decides.
     */
    private static final int BY_ID = 64;

    private record Cell(Thread owner, long[] counts) {
    }

    /**
     * Adds to a sum what a thread's scratch slots stand for, for counts a thread keeps there cheaply and moves into
     * its counters only now and then ({@code OperationStats}' untimed gets). {@link #sum} calls it on a cell read
     * whole: a move bracketed by {@link #beginMove} and {@link #endMove} is seen complete or not at all, so what the
     * scratch stands for is never counted twice, nor missed.
     */
    public interface ScratchFolder {
        void fold(long[] cell, long[] into);
    }

    private final int size;
    private final int scratch;
    private final ScratchFolder folder;
    private final ThreadLocal<Cell> mine = ThreadLocal.withInitial(this::newCell);
    /**
     * Cells by thread id, for {@link #cells()} to find the calling thread's without a {@code ThreadLocal} lookup.
     * Thread ids are handed out in sequence, so up to {@link #BY_ID} threads at a time take slots of their own; a
     * thread whose slot another live thread holds uses {@link #mine}. Written only by the slot's new owner; a reader
     * that sees an older value or none goes to {@link #mine}, so the writes need no ordering.
     */
    private final Cell[] byId = new Cell[BY_ID];
    /** Guarded by {@code this}: the cells of threads alive when last looked at, and what ended ones counted. */
    private final List<Cell> live = new ArrayList<>();
    private final long[] ended;
    private int liveAfterSweep;

    public ThreadCounters(int size) {
        this(size, 0);
    }

    /** {@code size} counters, and {@code scratch} slots of each thread's own after them. */
    public ThreadCounters(int size, int scratch) {
        this(size, scratch, (cell, into) -> { });
    }

    /** As {@link #ThreadCounters(int, int)}, with {@code folder} adding what the scratch slots stand for to sums. */
    public ThreadCounters(int size, int scratch, ScratchFolder folder) {
        this.size = size;
        this.scratch = scratch;
        this.folder = folder;
        this.ended = new long[size];
    }

    private Cell newCell() {
        // the last slot: the cell's move sequence (odd while its owner moves counts, see beginMove)
        Cell cell = new Cell(Thread.currentThread(), new long[size + scratch + 1]);
        synchronized (this) {
            if (live.size() >= 2 * liveAfterSweep + 64) {
                sum();
            }
            live.add(cell);
        }
        return cell;
    }

    /** The calling thread's cells, to {@link #add} to; only the calling thread may use them. */
    public long[] cells() {
        Thread me = Thread.currentThread();
        Cell cell = byId[slot(me)];
        return cell != null && cell.owner() == me ? cell.counts() : cellsFromThreadLocal(me);
    }

    private static int slot(Thread thread) {
        return (int) thread.getId() & (BY_ID - 1);
    }

    /** The calling thread's cell from {@link #mine}; it takes its slot when no live thread holds that. */
    private long[] cellsFromThreadLocal(Thread me) {
        Cell cell = mine.get();
        int slot = slot(me);
        Cell holder = byId[slot];
        if (holder == null || !holder.owner().isAlive()) {
            byId[slot] = cell;
        }
        return cell.counts();
    }

    /** Slot {@code i} of a cell, which another thread may be writing, read whole. */
    public static long read(long[] cells, int i) {
        return (long) LONGS.getOpaque(cells, i);
    }

    /** Sets slot {@code i} of {@code cells}, which must be the calling thread's, for other threads to read whole. */
    public static void set(long[] cells, int i, long value) {
        LONGS.setOpaque(cells, i, value);
    }

    /**
     * Starts a change to several slots of the calling thread's {@code cells} that {@link #sum} must see whole (a
     * sequence lock: the owner never waits, a sum reading the cell meanwhile reads it again). Nothing between this
     * and {@link #endMove} may throw.
     */
    public static void beginMove(long[] cells) {
        int seq = cells.length - 1;
        LONGS.setOpaque(cells, seq, (long) LONGS.getOpaque(cells, seq) + 1);
        VarHandle.storeStoreFence();
    }

    /** Ends the change {@link #beginMove} started. */
    public static void endMove(long[] cells) {
        int seq = cells.length - 1;
        VarHandle.storeStoreFence();
        LONGS.setOpaque(cells, seq, (long) LONGS.getOpaque(cells, seq) + 1);
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
        long[] part = new long[size];
        for (Iterator<Cell> it = live.iterator(); it.hasNext(); ) {
            Cell cell = it.next();
            boolean over = !cell.owner().isAlive(); // once it has ended, its last adds are visible
            read(cell, part);
            for (int i = 0; i < size; i++) {
                sum[i] += part[i];
                if (over) {
                    ended[i] += part[i];
                }
            }
            if (over) {
                it.remove();
            }
        }
        liveAfterSweep = live.size();
        return sum;
    }

    /** One cell's counters and what its scratch stands for, read again until no move ran while reading. */
    private void read(Cell cell, long[] into) {
        long[] counts = cell.counts();
        int seq = counts.length - 1;
        while (true) {
            long before = (long) LONGS.getAcquire(counts, seq);
            if ((before & 1) != 0 && cell.owner().isAlive()) {
                Thread.onSpinWait(); // a move under way: a few stores
                continue;
            }
            for (int i = 0; i < size; i++) {
                into[i] = (long) LONGS.getOpaque(counts, i);
            }
            folder.fold(counts, into);
            VarHandle.loadLoadFence();
            if ((long) LONGS.getOpaque(counts, seq) == before) {
                return;
            }
        }
    }
}
