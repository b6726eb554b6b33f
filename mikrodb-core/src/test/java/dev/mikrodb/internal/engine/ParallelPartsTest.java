package dev.mikrodb.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runner of a large table's scan on several threads: order, failures, and a common pool with no thread free. Each
 * test runs on a thread of its own under a time limit: a run that waits for a part nobody runs (the caller ignores
 * interrupts while parts are out) fails the test instead of hanging the build.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelPartsTest {
    private static List<Integer> numbers(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    /** Keeps the even numbers of a part, noting the thread that ran it. */
    private static List<Integer> evens(Spliterator<Integer> part, Set<Thread> threads) {
        threads.add(Thread.currentThread());
        List<Integer> kept = new ArrayList<>();
        part.forEachRemaining(n -> {
            if (n % 2 == 0) {
                kept.add(n);
            }
        });
        return kept;
    }

    @Test
    void thePartsAnswersComeInTheSourcesOrderWhateverThreadRanThem() {
        List<Integer> kept = ParallelParts.run(numbers(100_000).spliterator(),
                part -> evens(part, ConcurrentHashMap.newKeySet()));
        assertEquals(IntStream.range(0, 50_000).map(n -> 2 * n).boxed().toList(), kept);
    }

    @Test
    void anEmptySourceAndATinyOneAnswerInOrder() {
        List<Integer> none = ParallelParts.run(List.<Integer>of().spliterator(),
                part -> evens(part, ConcurrentHashMap.newKeySet()));
        assertEquals(List.of(), none);
        assertEquals(List.of(0, 2), ParallelParts.run(List.of(0, 1, 2).spliterator(),
                part -> evens(part, ConcurrentHashMap.newKeySet())));
    }

    @Test
    void aFailingPartIsThrownToTheCallerOnceTheOtherPartsEnded() {
        IllegalStateException damaged = new IllegalStateException("a damaged value");
        AtomicInteger endedItems = new AtomicInteger();
        AtomicInteger failedItems = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                ParallelParts.run(numbers(100_000).spliterator(), part -> {
                    List<Integer> mine = new ArrayList<>();
                    part.forEachRemaining(mine::add);
                    if (mine.contains(77_777)) {
                        failedItems.set(mine.size());
                        throw damaged;
                    }
                    endedItems.addAndGet(mine.size());
                    return mine;
                }));
        assertSame(damaged, thrown);
        assertTrue(failedItems.get() > 0 && failedItems.get() < 100_000, "the source was split");
        assertEquals(100_000, endedItems.get() + failedItems.get(),
                "every other part ran to its end before the caller saw the failure");
    }

    @Test
    void withEveryPoolThreadBusyTheCallerRunsEveryPartItself() throws Exception {
        int poolThreads = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch started = new CountDownLatch(poolThreads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < poolThreads; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(started.await(30, TimeUnit.SECONDS), "every common pool thread is held");
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            List<Integer> kept = ParallelParts.run(numbers(10_000).spliterator(), part -> evens(part, threads));
            assertEquals(5_000, kept.size());
            assertEquals(Set.of(Thread.currentThread()), threads,
                    "the caller does not wait for helpers that cannot start: it runs their parts");
        } finally {
            release.countDown();
        }
    }
}
