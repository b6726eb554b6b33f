package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table files a checkpoint replaced are deleted in the background; callers that need them gone wait for it. */
class ReplacedFilesTest {
    @TempDir
    Path dir;

    private List<String> deltas() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".delta")).sorted().toList();
        }
    }

    @Test
    void flushReturnsOnlyOnceTheFilesItsCheckpointReplacedAreGoneEvenWhileABackgroundDeletionIsUnderWay()
            throws Exception {
        FaultyFileLayer files = new FaultyFileLayer();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000).build();
        try (MikroDB db = MikroDB.open(options, files)) {
            for (int i = 0; i < 50; i++) { // under the 100 writes that start a background checkpoint
                db.write("t", "k" + i, i);
            }
            db.flush(); // the table's base
            for (int round = 1; round <= 2; round++) {
                for (int i = 0; i < 5; i++) {
                    db.write("t", "k" + i, -round);
                }
                db.flush(); // a delta each
            }
            assertFalse(deltas().isEmpty(), "the table has deltas for the next base to replace");

            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            files.holdDeletes(entered, gate, p -> p.getFileName().toString().endsWith(".delta"));
            for (int i = 0; i < 50; i++) {
                db.write("t", "k" + i, "again"); // every item: the next checkpoint writes a new base
            }
            CompletableFuture<List<String>> left = new CompletableFuture<>();
            Thread flusher = new Thread(() -> {
                try {
                    db.flush();
                    left.complete(deltas());
                } catch (Throwable e) {
                    left.completeExceptionally(e);
                }
            });
            flusher.start();
            entered.await(); // a deletion of a replaced delta is under way, and held there
            while (!left.isDone() && flusher.getState() != Thread.State.BLOCKED
                    && flusher.getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // until flush has returned, or waits (for the deletion, or is the one held)
            }
            boolean returnedWhileHeld = left.isDone();
            gate.countDown();
            List<String> afterFlush = left.get(30, TimeUnit.SECONDS);
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
        FaultyFileLayer files = new FaultyFileLayer();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).walIntervalMillis(60_000).build();
        try (MikroDB db = MikroDB.open(options, files)) {
            for (int i = 0; i < 50; i++) { // under the 100 writes that start a background checkpoint
                db.write("t", "k" + i, i);
            }
            db.flush(); // the table's base
            for (int round = 1; round <= 2; round++) {
                db.write("t", "k" + round, -round);
                db.flush(); // t+2.delta, t+3.delta
            }
            assertEquals(List.of("t+2.delta", "t+3.delta"), deltas());

            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            files.holdDeletes(entered, gate, p -> p.getFileName().toString().equals("t+2.delta"));
            for (int i = 0; i < 50; i++) {
                db.write("t", "k" + i, "again"); // a new base replaces both deltas
            }
            CompletableFuture<Void> replacing = CompletableFuture.runAsync(db::flush);
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the old t+2.delta's deletion began");

            CompletableFuture<Void> remade = new CompletableFuture<>();
            Thread actor = new Thread(() -> {
                try {
                    db.deleteTable("t");
                    for (int i = 0; i < 50; i++) {
                        db.write("t", "n" + i, "new");
                    }
                    db.flush(); // the new table's base
                    for (int i = 0; i < 5; i++) {
                        db.write("t", "m" + i, "latest");
                    }
                    db.flush(); // the new table's first delta: t+2.delta again
                    remade.complete(null);
                } catch (Throwable e) {
                    remade.completeExceptionally(e);
                }
            });
            actor.start();
            while (!remade.isDone() && actor.getState() != Thread.State.BLOCKED
                    && actor.getState() != Thread.State.WAITING) {
                Thread.onSpinWait(); // until it is done, or waits (for the old deletion to finish)
            }
            gate.countDown();
            replacing.get(30, TimeUnit.SECONDS);
            remade.get(30, TimeUnit.SECONDS);
        }
        try (MikroDB db = MikroDB.open(options)) {
            assertEquals(55, db.tableSize("t"), "the new table, whole");
            for (int i = 0; i < 5; i++) {
                assertEquals("\"latest\"", db.get("t", "m" + i).orElseThrow().valueJson(), "m" + i);
            }
            assertFalse(db.get("t", "k1").isPresent(), "the dropped table's items stay dropped");
        }
    }
}
