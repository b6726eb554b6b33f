package dev.mikrodb.internal.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The group commit on its own: writers parked behind a running fsync share the next one, a failed fsync reaches every
 * writer (none is left parked), and an interrupt does not cut a wait short.
 */
class GroupCommitTest {
    private final GroupCommit group = new GroupCommit();
    /** What the log has written (the highest position handed out) and what an fsync has made durable. */
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong durable = new AtomicLong();
    private final AtomicInteger forces = new AtomicInteger();
    private final CountDownLatch firstForceEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstForce = new CountDownLatch(1);

    /** An fsync as the log runs it: it covers what was written when it began; the first one waits to be released. */
    private void force(boolean fail) {
        long target = written.get();
        if (forces.incrementAndGet() == 1) {
            firstForceEntered.countDown();
            await(releaseFirstForce);
        }
        if (fail) {
            throw new IllegalStateException("injected fsync failure");
        }
        durable.accumulateAndGet(target, Math::max);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A writer that "appends" at position {@code lsn} and waits for it to be durable. */
    private Thread writer(long lsn, boolean fail, List<Throwable> failures) {
        written.accumulateAndGet(lsn, Math::max);
        Thread t = new Thread(() -> {
            try {
                group.await(lsn, durable::get, () -> force(fail));
            } catch (Throwable e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        });
        t.start();
        return t;
    }

    /** Polls (no sleep) until {@code n} writers are parked behind the running fsync. */
    private void awaitParked(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (group.parked() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + group.parked() + " of " + n + " writers parked");
            Thread.onSpinWait();
        }
    }

    /**
     * Sixteen writers: the first leads an fsync that covers only its own record and waits there until fifteen more
     * are parked behind it; then it is released. Returns what the writers threw, once all have returned.
     */
    private List<Throwable> sixteenWriters(boolean fail) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(writer(1, fail, failures));
        await(firstForceEntered);
        for (long lsn = 2; lsn <= 16; lsn++) {
            threads.add(writer(lsn, fail, failures));
        }
        awaitParked(15);
        releaseFirstForce.countDown();
        joinAll(threads);
        return failures;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive(), t + " is still parked");
        }
    }

    @Test
    void writersParkedBehindAnFsyncShareTheNextOne() throws Exception {
        assertEquals(List.of(), sixteenWriters(false));
        assertEquals(16, durable.get());
        assertEquals(2, forces.get(), "the fifteen parked writers shared one fsync");
        assertEquals(0, group.parked());
    }

    @Test
    void aFailedFsyncReachesEveryParkedWriter() throws Exception {
        List<Throwable> failures = sixteenWriters(true);
        assertEquals(16, failures.size(), "each writer meets the failure: " + failures);
        assertTrue(failures.stream().allMatch(e -> e.getMessage().equals("injected fsync failure")));
        assertEquals(0, durable.get());
        assertEquals(0, group.parked());
    }

    @Test
    void anInterruptedWriterKeepsWaitingForItsFsyncAndKeepsTheInterrupt() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        Thread leader = writer(1, false, failures);
        await(firstForceEntered);
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        AtomicLong durableWhenReturned = new AtomicLong(-1);
        written.accumulateAndGet(2, Math::max);
        Thread parked = new Thread(() -> {
            group.await(2, durable::get, () -> force(false));
            durableWhenReturned.set(durable.get());
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        parked.start();
        awaitParked(1);
        parked.interrupt();
        releaseFirstForce.countDown();
        joinAll(List.of(leader, parked));
        assertEquals(List.of(), failures);
        assertTrue(durableWhenReturned.get() >= 2, "it returned only once durable");
        assertEquals(Boolean.TRUE, interruptedAfter.get(), "the interrupt is kept for the caller");
    }
}
