package dev.mikrodb.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared timer hands a periodic task over only when its previous run has finished (fixed-delay spacing). */
class MaintenanceTest {
    @TempDir
    Path dir;

    @Test
    void aPeriodicRunIsNotHandedOverAgainWhileThePreviousOneIsRunning() throws Exception {
        try (Maintenance m = new Maintenance(dir)) {
            CountDownLatch firstStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ticks = new AtomicInteger();
            m.schedule(() -> {
                if (ticks.incrementAndGet() == 1) {
                    firstStarted.countDown();
                    awaitQuietly(release);
                }
            }, 1);
            CountDownLatch sweeps = new CountDownLatch(50);
            m.scheduleExpiry(sweeps::countDown, 1); // the same timer, the same period: it fires the tick as often
            try {
                assertTrue(firstStarted.await(20, TimeUnit.SECONDS));
                assertTrue(sweeps.await(20, TimeUnit.SECONDS), "the timer kept firing");
                assertEquals(0, m.queuedTasks(), "50 periods went by, and no tick was queued behind the running one");
                assertEquals(1, ticks.get());
            } finally {
                release.countDown();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ticks.get() < 3) { // and the period resumes once the long run ends
                assertTrue(System.nanoTime() < deadline, "ticks resumed: " + ticks.get());
                Thread.onSpinWait();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
