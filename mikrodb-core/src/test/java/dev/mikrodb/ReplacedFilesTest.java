package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table files a checkpoint replaced are deleted in the background; callers that need them gone wait for it. */
class ReplacedFilesTest {
    /** Fewer writes than the 100 that start a background checkpoint: only the test's flushes write table files. */
    private static final int ITEMS = 50;

    @TempDir
    Path dir;

    private final FaultyFileLayer files = new FaultyFileLayer();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);

    private MikroOptions options() {
        return MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000).build();
    }

    private List<String> deltas() throws Exception {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".delta")).sorted().toList();
        }
    }

    /**
     * Gives table t a base and the deltas t+2 and t+3, then holds the first deletion of a delta {@code held} names
     * and rewrites every item, so the next checkpoint writes a new base that replaces both deltas.
     */
    private void twoDeltasToReplace(MikroDB db, Predicate<String> held) throws Exception {
        for (int i = 0; i < ITEMS; i++) {
            db.write("t", "k" + i, i);
        }
        db.flush(); // the base
        for (int round = 1; round <= 2; round++) {
            db.write("t", "k" + round, -round);
            db.flush(); // a delta each
        }
        assertEquals(List.of("t+2.delta", "t+3.delta"), deltas());
        files.holdDeletes(entered, gate, p -> held.test(p.getFileName().toString()));
        for (int i = 0; i < ITEMS; i++) {
            db.write("t", "k" + i, "again");
        }
    }

    /** Work on a thread of its own, and what it came to. */
    private record Started<T>(Thread thread, CompletableFuture<T> result) {
        static <T> Started<T> start(Callable<T> work) {
            CompletableFuture<T> result = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            thread.start();
            return new Started<>(thread, result);
        }

        /** Returns once the work is done or its thread waits (for a deletion under way, or held in one). */
        boolean doneOrWaiting() {
            while (!result.isDone() && thread.getState() != Thread.State.BLOCKED
                    && thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            return result.isDone();
        }
    }

    @Test
    void flushReturnsOnlyOnceTheFilesItsCheckpointReplacedAreGoneEvenWhileABackgroundDeletionIsUnderWay()
            throws Exception {
        try (MikroDB db = MikroDB.open(options(), files)) {
            twoDeltasToReplace(db, name -> name.endsWith(".delta"));
            Started<List<String>> flush = Started.start(() -> {
                db.flush();
                return deltas();
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS), "a deletion of a replaced delta began");
            boolean returnedWhileHeld = flush.doneOrWaiting();
            gate.countDown();
            List<String> afterFlush = flush.result().get(30, TimeUnit.SECONDS);
            assertFalse(returnedWhileHeld, "flush returned while a file its checkpoint replaced was being deleted");
            assertEquals(List.of(), afterFlush, "deltas left when flush returned");
        }
    }

    /**
     * A table dropped and made again numbers its files from 1, so a deletion of its old replaced deltas still under
     * way could delete the new table's delta of the same name. The drop's cleanup waits for that deletion instead.
     */
    @Test
    void aTableDroppedAndMadeAgainKeepsItsNewDeltaWhileAnOldDeletionIsUnderWay() throws Exception {
        try (MikroDB db = MikroDB.open(options(), files)) {
            twoDeltasToReplace(db, name -> name.equals("t+2.delta"));
            Started<Void> replacing = Started.start(() -> {
                db.flush();
                return null;
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the old t+2.delta's deletion began");
            Started<Void> remade = Started.start(() -> {
                db.deleteTable("t");
                for (int i = 0; i < ITEMS; i++) {
                    db.write("t", "n" + i, "new");
                }
                db.flush(); // the new table's base
                for (int i = 0; i < 5; i++) {
                    db.write("t", "m" + i, "latest");
                }
                db.flush(); // the new table's first delta: t+2.delta again
                return null;
            });
            remade.doneOrWaiting();
            gate.countDown();
            replacing.result().get(30, TimeUnit.SECONDS);
            remade.result().get(30, TimeUnit.SECONDS);
        }
        try (MikroDB db = MikroDB.open(options())) {
            assertEquals(ITEMS + 5, db.tableSize("t"), "the new table, whole");
            for (int i = 0; i < 5; i++) {
                assertEquals("\"latest\"", db.get("t", "m" + i).orElseThrow().valueJson(), "m" + i);
            }
            assertFalse(db.get("t", "k1").isPresent(), "the dropped table's items stay dropped");
        }
    }
}
