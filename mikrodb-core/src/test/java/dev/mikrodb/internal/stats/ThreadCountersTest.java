package dev.mikrodb.internal.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-thread counters: exact sums across threads, ended threads included, while threads come and go. */
class ThreadCountersTest {
    @Test
    void everyThreadsAddsAreCountedOnceIncludingThreadsThatEnded() throws Exception {
        ThreadCounters counters = new ThreadCounters(3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int delta = t + 1;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    counters.add(0, 1);
                    counters.add(2, delta);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        counters.add(1, 5); // the test thread, alive throughout
        long expectedDeltas = 100_000L * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8);
        assertArrayEquals(new long[] {800_000, 5, expectedDeltas}, counters.sum());
        assertArrayEquals(new long[] {800_000, 5, expectedDeltas}, counters.sum(), "ended threads are folded once");
    }

    @Test
    void manyShortLivedThreadsAreFoldedAsTheyGo() throws Exception {
        ThreadCounters counters = new ThreadCounters(1);
        for (int t = 0; t < 1_000; t++) { // one at a time: the registry must not keep a cell per thread ever seen
            Thread thread = new Thread(() -> counters.add(0, 1));
            thread.start();
            thread.join();
        }
        assertArrayEquals(new long[] {1_000}, counters.sum());
        org.junit.jupiter.api.Assertions.assertTrue(counters.liveCells() <= 65, "cells: " + counters.liveCells());
    }

    /**
     * Cells are found by thread id in 64 slots; threads beyond them, alive at once and sharing slots, use the
     * thread-local map. Each thread must keep one cell throughout, or two threads would share one and lose adds.
     */
    @Test
    void moreThreadsThanSlotsEachKeepTheirOwnCellAndCountExactly() throws Exception {
        ThreadCounters counters = new ThreadCounters(1, 1); // the scratch slot: its thread's mark
        int threadCount = 150;
        java.util.concurrent.CyclicBarrier allMarked = new java.util.concurrent.CyclicBarrier(threadCount);
        java.util.concurrent.atomic.AtomicInteger keptTheirCell = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            long mark = t + 1;
            threads.add(new Thread(() -> {
                try {
                    long[] first = counters.cells();
                    ThreadCounters.set(first, 1, mark);
                    allMarked.await(); // every thread is alive and has marked its cell: a shared one shows a rival's
                    boolean own = true;
                    for (int i = 0; i < 20_000; i++) {
                        long[] cells = counters.cells();
                        own &= cells == first && ThreadCounters.read(cells, 1) == mark;
                        ThreadCounters.add(cells, 0, 1);
                    }
                    if (own) {
                        keptTheirCell.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        org.junit.jupiter.api.Assertions.assertEquals(threadCount, keptTheirCell.get(), "threads with a cell of their own");
        assertArrayEquals(new long[] {threadCount * 20_000L}, counters.sum());
    }

    /**
     * A sum taken while another thread is in the middle of a move waits for the move to end: here the move has
     * added a scratch slot's 5 to the counter and not yet cleared the slot, so a sum read then would count 10.
     */
    @Test
    void aSumDuringAMoveWaitsForItAndCountsTheMovedAmountOnce() throws Exception {
        ThreadCounters counters = new ThreadCounters(1, 1, (cell, into) -> into[0] += ThreadCounters.read(cell, 1));
        java.util.concurrent.CountDownLatch halfway = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        Thread owner = new Thread(() -> {
            long[] cells = counters.cells();
            ThreadCounters.set(cells, 1, 5); // 5 kept in scratch: counted through the folder
            ThreadCounters.beginMove(cells);
            ThreadCounters.add(cells, 0, 5);
            halfway.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ThreadCounters.set(cells, 1, 0);
            ThreadCounters.endMove(cells);
        });
        owner.start();
        halfway.await();
        java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<long[]> sum = reader.submit(counters::sum);
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.TimeoutException.class,
                    () -> sum.get(300, java.util.concurrent.TimeUnit.MILLISECONDS), "a half-done move was read");
            finish.countDown();
            assertArrayEquals(new long[] {5}, sum.get());
        } finally {
            finish.countDown();
            reader.shutdownNow();
            owner.join();
        }
    }
}
