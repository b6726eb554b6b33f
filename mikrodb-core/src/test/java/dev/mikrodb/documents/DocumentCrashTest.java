package dev.mikrodb.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroDB;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a stream of bulk writes: after each restart every acknowledged batch is whole, no unacknowledged
 * batch is half there, and the counter every batch increments equals the number of batches present.
 */
class DocumentCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedBulkWriteIsWholeAndNoOtherIsHalfThere() throws Exception {
        Random random = new Random();
        long lastAck = -1;
        for (int round = 0; round < 6; round++) {
            lastAck = Math.max(lastAck, runAndKill(50 + random.nextInt(400)));
            try (MikroDB db = MikroDB.open(dir)) {
                List<JsonNode> docs = db.database("crash").collection("docs").find("{}");
                Map<Long, Integer> perBatch = new TreeMap<>();
                long counter = 0;
                for (JsonNode d : docs) {
                    if (d.get("_id").asText().equals("counter")) {
                        counter = d.get("n").asLong();
                    } else {
                        perBatch.merge(d.get("batch").asLong(), 1, Integer::sum);
                    }
                }
                for (long b = 0; b <= lastAck; b++) {
                    assertEquals(BulkWriteChild.DOCS_PER_BATCH, perBatch.getOrDefault(b, 0),
                            "acknowledged batch " + b + " (last acknowledged " + lastAck + ")");
                }
                perBatch.forEach((b, n) -> assertEquals(BulkWriteChild.DOCS_PER_BATCH, n, "batch " + b
                        + " is torn"));
                assertEquals(perBatch.size(), counter, "the counter every batch increments");
                lastAck = perBatch.isEmpty() ? -1 : ((TreeMap<Long, Integer>) perBatch).lastKey();
            }
        }
        assertTrue(lastAck > 0, "the child acknowledged batches");
    }

    /** Runs the child until a random moment after its first acknowledgement; returns its last acknowledged batch. */
    private long runAndKill(long killAfterMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BulkWriteChild.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicLong lastAck = new AtomicLong(-1);
        CountDownLatch firstAck = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        lastAck.set(Long.parseLong(line.substring(4)));
                        firstAck.countDown();
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        reader.start();
        try {
            assertTrue(firstAck.await(60, TimeUnit.SECONDS), "child never acknowledged a batch");
            Thread.sleep(killAfterMillis); // a random moment to kill at, not a synchronization
        } finally {
            child.toHandle().destroyForcibly(); // SIGKILL, keeping our end of the pipe to read every line
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join();
        return lastAck.get();
    }
}
