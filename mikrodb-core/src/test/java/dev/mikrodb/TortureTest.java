package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torture harness's short run for CI (about a minute); {@code bin/torture} runs it for as long as you like. Prints
 * the seed; rerun one with {@code -Dmikrodb.test.seed=N}.
 */
class TortureTest {
    @TempDir
    Path root;

    private Torture.Stats run(String name, Durability durability, boolean faults, int rounds) throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        System.out.println("TortureTest " + name + ": seed " + seed);
        Torture.Stats stats = new Torture(root.resolve(name), durability, faults, seed).run(rounds, 100, 700);
        System.out.println("TortureTest " + stats);
        return stats;
    }

    @Test
    void osDurabilityLosesNothingAcknowledgedAndTearsNoBatch() throws Exception {
        Torture.Stats s = run("os", Durability.OS, false, 30);
        assertEquals(0, s.lost());
        assertEquals(0, s.torn());
        assertTrue(s.acknowledged() > 100, "the child did work: " + s);
    }

    @Test
    void syncDurabilityLosesNothingAcknowledged() throws Exception {
        Torture.Stats s = run("sync", Durability.SYNC, false, 20);
        assertEquals(0, s.lost());
        assertEquals(0, s.torn());
    }

    @Test
    void injectedFaultsCostNothingAcknowledged() throws Exception {
        Torture.Stats s = run("faults", Durability.OS, true, 30);
        assertEquals(0, s.lost());
        assertEquals(0, s.torn());
    }

    @Test
    void asyncDurabilityLosesOnlyASuffixAndNeverTearsABatch() throws Exception {
        Torture.Stats s = run("async", Durability.ASYNC, false, 20);
        assertEquals(0, s.torn());
        // The documented window: async mode hands its buffer to the OS every maxWriteOpsBeforeFlush records.
        assertTrue(s.maxLossInOps() <= TortureChild.WRITES_BEFORE_FLUSH, "lost more than the buffer holds: " + s);
    }
}
