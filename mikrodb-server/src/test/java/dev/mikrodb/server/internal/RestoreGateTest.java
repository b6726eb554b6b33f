package dev.mikrodb.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The online restore's gate: requests in and out, a restore that waits for them, and nobody let in meanwhile. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RestoreGateTest {
    private final RestoreGate gate = new RestoreGate();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void anOpenGateLetsRequestsInAndACloseWithNobodyInsideDoesNotWait() throws Exception {
        assertTrue(gate.tryEnter());
        gate.enter();
        gate.exit();
        gate.exit();
        assertTrue(gate.close(0, TimeUnit.SECONDS), "nobody inside: closed at once, even with no time to wait");
        assertFalse(gate.tryEnter(), "a closed gate turns requests away");
        gate.open();
        assertTrue(gate.tryEnter());
        gate.exit();
    }

    @Test
    void aRestoreWaitsForTheRequestsInsideAndLetsNoNewOneIn() throws Exception {
        assertTrue(gate.tryEnter()); // a request in flight
        CountDownLatch closing = new CountDownLatch(1);
        Future<Boolean> restore = threads.submit(() -> {
            closing.countDown();
            return gate.close(30, TimeUnit.SECONDS);
        });
        closing.await();
        // Until the closer has set its flag, a new request may still get in (and must then hold the restore back
        // like the first); once it is set, none does. Either way the restore may not finish while anyone is inside.
        while (gate.tryEnter()) {
            gate.exit();
            assertFalse(restore.isDone());
        }
        assertFalse(restore.isDone(), "the restore waits for the request inside");
        gate.exit();
        assertTrue(restore.get(30, TimeUnit.SECONDS), "the last request out lets the restore through");
        assertFalse(gate.tryEnter());
        gate.open();
        assertTrue(gate.tryEnter());
        gate.exit();
    }

    @Test
    void aWaitingRequestEntersOnceTheRestoreOpensTheGate() throws Exception {
        assertTrue(gate.close(1, TimeUnit.SECONDS));
        CountDownLatch started = new CountDownLatch(1);
        Future<?> request = threads.submit(() -> {
            started.countDown();
            gate.enter();
            gate.exit();
            return null;
        });
        started.await();
        assertFalse(gate.tryEnter());
        gate.open();
        request.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRestoreGivesUpWhenARequestStaysTooLongAndTheGateOpensAgain() throws Exception {
        assertTrue(gate.tryEnter());
        assertFalse(gate.close(50, TimeUnit.MILLISECONDS), "the request inside did not leave in time");
        assertTrue(gate.tryEnter(), "a restore that gave up leaves the gate open");
        gate.exit();
        gate.exit();
    }

    @Test
    void aSecondRestoreWaitsForTheFirst() throws Exception {
        assertTrue(gate.close(1, TimeUnit.SECONDS));
        assertFalse(gate.close(50, TimeUnit.MILLISECONDS), "the first restore still holds the gate");
        Future<Boolean> second = threads.submit(() -> gate.close(30, TimeUnit.SECONDS));
        gate.open();
        assertTrue(second.get(30, TimeUnit.SECONDS));
        assertFalse(gate.tryEnter());
        gate.open();
    }

    /** Requests hammering the gate from four threads while restores close and open it: none is ever inside then. */
    @Test
    void noRequestIsInsideWhileARestoreHoldsTheGate() throws Exception {
        AtomicBoolean restoring = new AtomicBoolean();
        AtomicInteger inside = new AtomicInteger();
        AtomicLong passed = new AtomicLong();
        AtomicLong turnedAway = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<?>[] requests = new CompletableFuture<?>[4];
        for (int t = 0; t < requests.length; t++) {
            boolean waits = t % 2 == 0; // half wait at the gate (workers), half turn back (IO threads)
            requests[t] = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    if (waits) {
                        try {
                            gate.enter();
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else if (!gate.tryEnter()) {
                        turnedAway.incrementAndGet();
                        continue;
                    }
                    inside.incrementAndGet();
                    if (restoring.get()) {
                        throw new AssertionError("a request got in while a restore held the gate");
                    }
                    inside.decrementAndGet();
                    passed.incrementAndGet();
                    gate.exit();
                }
            }, threads);
        }
        for (int restore = 0; restore < 200; restore++) {
            assertTrue(gate.close(30, TimeUnit.SECONDS));
            restoring.set(true);
            assertEquals(0, inside.get(), "the restore found a request inside");
            restoring.set(false);
            gate.open();
        }
        stop.set(true);
        CompletableFuture.allOf(requests).get(30, TimeUnit.SECONDS);
        assertTrue(passed.get() > 0, "requests went through between restores");
    }
}
