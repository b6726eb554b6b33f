package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes, really killed: a child JVM writes in {@code os} mode with checkpoints running continuously and is
 * SIGKILLed at a random moment; on reopen every acknowledged write must be there and nothing may be corrupt. Several
 * rounds share one directory, so each round's survivors are checked again after the later kills.
 */
class CrashTest {
    private static final int KEYS = 300;

    @TempDir
    Path dir;

    /** Runs one child until killed; returns the highest acknowledged sequence number, or -1. */
    static long runAndKill(Path dir, String table, String durability, int padBytes, String key, long killAfterMillis)
            throws Exception {
        return runAndKill(dir, table, durability, KEYS, padBytes, key, killAfterMillis);
    }

    /** {@link #runAndKill(Path, String, String, int, String, long)} over {@code keys} keys. */
    private static long runAndKill(Path dir, String table, String durability, int keys, int padBytes, String key,
                                   long killAfterMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), table, durability, String.valueOf(keys),
                String.valueOf(padBytes), key == null ? "-" : key)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
            } catch (Exception ignored) {
                // the pipe breaks when the child is killed
            }
        });
        reader.start();
        try {
            assertTrue(firstAck.await(60, TimeUnit.SECONDS), "child never acknowledged a write");
            Thread.sleep(killAfterMillis);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux and macOS
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        return lastAck.get();
    }

    /**
     * Checks a table written by {@link CrashWriter} whose last acknowledged sequence number was {@code lastAck}:
     * each key holds a value at least as new as its last acknowledged write, with the matching version.
     */
    static Map<String, Long> verify(MikroDB db, String table, long lastAck) {
        Map<String, Long> found = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            long lastAckForKey = lastAck < k ? -1 : lastAck - ((lastAck - k) % KEYS);
            var item = db.get(table, "k" + k);
            if (lastAckForKey < 0) {
                continue;
            }
            assertTrue(item.isPresent(), table + "/k" + k + " lost; last acknowledged write was n=" + lastAckForKey);
            long n = item.get().value().get("n").asLong();
            assertTrue(n >= lastAckForKey, table + "/k" + k + " went back to n=" + n + " from acknowledged n="
                    + lastAckForKey);
            assertEquals(k, n % KEYS, "value under the wrong key");
            assertEquals(n / KEYS + 1, item.get().version(), table + "/k" + k + " version does not match its history");
            found.put("k" + k, n);
        }
        return found;
    }

    @Test
    void killedWriterLosesNoAcknowledgedWrite() throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> tables = new ArrayList<>();
        Map<String, Map<String, Long>> survivors = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            String table = "round" + round;
            // Larger rows in later rounds make checkpoints longer, so kills land inside them more often.
            int pad = round < 2 ? 50 : 2000;
            long killAfter = 50 + random.nextInt(400);
            long lastAck = runAndKill(dir, table, "os", pad, null, killAfter);
            assertTrue(lastAck >= 0, "seed " + seed);
            tables.add(table);
            try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build())) {
                survivors.put(table, verify(db, table, lastAck));
                for (String earlier : tables) {
                    Map<String, Long> now = new HashMap<>();
                    for (String k : survivors.get(earlier).keySet()) {
                        now.put(k, db.get(earlier, k).orElseThrow().value().get("n").asLong());
                    }
                    assertEquals(survivors.get(earlier), now, "seed " + seed + ": table " + earlier
                            + " changed after a later crash");
                }
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A table that only grows: every write a new key, so checkpoints write deltas, merge every sixteenth by revision
     * and write a base only when a merge would rewrite half the table. Kills land among all three; every
     * acknowledged key must be there with its value, across later rounds too.
     */
    @Test
    void killedWriterOfAGrowingTableLosesNoAcknowledgedWrite() throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, Long> acknowledged = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            String table = "grow" + round;
            long lastAck = runAndKill(dir, table, "os", Integer.MAX_VALUE, 100, null, 400 + random.nextInt(1200));
            assertTrue(lastAck >= 0, "seed " + seed);
            acknowledged.put(table, lastAck);
            try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build())) {
                for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
                    for (long n = 0; n <= e.getValue(); n++) {
                        var item = db.get(e.getKey(), "k" + n);
                        assertTrue(item.isPresent(), e.getKey() + "/k" + n + " lost (acknowledged through n="
                                + e.getValue() + ")");
                        assertEquals(n, item.get().value().get("n").asLong(), e.getKey() + "/k" + n);
                    }
                }
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + e.getMessage(), e);
            }
        }
    }
}
