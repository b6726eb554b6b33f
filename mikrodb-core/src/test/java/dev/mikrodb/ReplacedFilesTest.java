package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
