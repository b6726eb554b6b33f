package dev.mikrodb.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one job over the parts of a spliterator on the calling thread and the common pool's threads, and joins the
 * parts' answers in the spliterator's order: how a large table's scan uses every core (its records in creation order,
 * which a query without a sort keeps).
 *
 * <p>Why not a parallel stream: a stream's leaves each grow a list of their own from ten slots and its combining
 * steps copy them again, and its stages give no place for state a thread keeps between items (a filter's scratch
 * spans). Here each part runs as one plain loop with what its thread made for it, and a part is claimed from a shared
 * counter, so a thread that finishes early takes the next part. The caller never waits for a helper that has not
 * started: it claims the parts such a helper would have run, and waits only for parts another thread claimed.
 */
final class ParallelParts {
    /** Parts per thread: enough that a thread finishing early finds work, few enough that each part is long. */
    private static final int PARTS_PER_THREAD = 4;

    private ParallelParts() {
    }

    /**
     * The answers of {@code job} over the parts of {@code source}, concatenated in order. {@code job} runs on several
     * threads at once, each call with a part of its own; the first failure of any part is thrown once every claimed
     * part has ended.
     */
    static <E, T> List<T> run(Spliterator<E> source, Function<Spliterator<E>, List<T>> job) {
        int helpers = ForkJoinPool.getCommonPoolParallelism();
        List<Spliterator<E>> parts = split(source, (helpers + 1) * PARTS_PER_THREAD);
        Run<E, T> run = new Run<>(parts, job);
        for (int i = 0; i < Math.min(helpers, parts.size() - 1); i++) {
            ForkJoinPool.commonPool().execute(run::claimParts);
        }
        run.claimParts();
        return run.joined();
    }

    /** Splits in halves, each part in place of the whole it came from, until there are {@code wanted} or none split. */
    private static <E> List<Spliterator<E>> split(Spliterator<E> source, int wanted) {
        List<Spliterator<E>> parts = new ArrayList<>(List.of(source));
        boolean splitAny = true;
        while (parts.size() < wanted && splitAny) {
            splitAny = false;
            List<Spliterator<E>> halves = new ArrayList<>(parts.size() * 2);
            for (Spliterator<E> part : parts) {
                Spliterator<E> prefix = part.trySplit();
                if (prefix != null) {
                    halves.add(prefix);
                    splitAny = true;
                }
                halves.add(part);
            }
            parts = halves;
        }
        return parts;
    }

    /** One run's parts, their answers and failures, and the count of parts not yet ended. */
    private static final class Run<E, T> {
        private final List<Spliterator<E>> parts;
        private final Function<Spliterator<E>, List<T>> job;
        private final Object[] answers;
        private final Throwable[] failures;
        private final AtomicInteger nextPart = new AtomicInteger();
        private final CountDownLatch ended;

        Run(List<Spliterator<E>> parts, Function<Spliterator<E>, List<T>> job) {
            this.parts = parts;
            this.job = job;
            this.answers = new Object[parts.size()];
            this.failures = new Throwable[parts.size()];
            this.ended = new CountDownLatch(parts.size());
        }

        /** Runs parts until none is left unclaimed. */
        void claimParts() {
            int i;
            while ((i = nextPart.getAndIncrement()) < parts.size()) {
                try {
                    answers[i] = job.apply(parts.get(i));
                } catch (Throwable e) { // kept for the caller, which rethrows it: a helper thread has no one to tell
                    failures[i] = e;
                } finally {
                    ended.countDown();
                }
            }
        }

        /** Waits for the parts other threads claimed, then joins the answers or throws the first failure. */
        List<T> joined() {
            boolean interrupted = false;
            while (true) {
                try {
                    ended.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the parts are short and read shared records: they must end before we return
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            int size = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (failures[i] instanceof RuntimeException e) {
                    throw e;
                } else if (failures[i] instanceof Error e) {
                    throw e;
                } else if (failures[i] != null) { // a checked exception thrown undeclared
                    throw new IllegalStateException(failures[i]);
                }
                size += answer(i).size();
            }
            List<T> all = new ArrayList<>(size);
            for (int i = 0; i < parts.size(); i++) {
                all.addAll(answer(i));
            }
            return all;
        }

        @SuppressWarnings("unchecked") // only claimParts stores answers, each a List<T> from the job
        private List<T> answer(int i) {
            return (List<T>) answers[i];
        }
    }
}
