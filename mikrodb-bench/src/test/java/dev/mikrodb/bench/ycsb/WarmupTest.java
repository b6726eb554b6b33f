package dev.mikrodb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroDB;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.measurements.Measurements;
import site.ycsb.workloads.CoreWorkload;

/**
 * The YCSB binding's warm-up, as {@code bin/ycsb} runs it: through the typed client and a server in this JVM, on a
 * real directory loaded by YCSB's own workload, with YCSB's sequence of calls (properties, then init on each thread,
 * then cleanup).
 */
class WarmupTest {
    private static final int RECORDS = 40;

    @TempDir
    Path dir;

    @BeforeAll
    static void measurementsAsYcsbSetsThemUp() {
        Measurements.setProperties(new Properties()); // YCSB's Client does this before it makes the workload
    }

    @Test
    void aWarmUpWithUpdatesKeepsTheLoadedKeysAndWritesSomeOfThem() throws Exception {
        Map<String, Long> loaded = load();
        warmUp(workload("readproportion", "0.5", "updateproportion", "0.5"));

        Map<String, Long> after = versions();
        assertEquals(loaded.keySet(), after.keySet());
        assertTrue(after.values().stream().anyMatch(v -> v > 1), "the warm-up updated some records: " + after);
    }

    @Test
    void aReadOnlyWorkloadWritesNothing() throws Exception {
        Map<String, Long> loaded = load();
        warmUp(workload("readproportion", "1", "updateproportion", "0"));
        assertEquals(loaded, versions());
    }

    @Test
    void recordsTheWarmUpInsertedAreDeletedAgain() throws Exception {
        Map<String, Long> loaded = load();
        warmUp(workload("readproportion", "0.5", "updateproportion", "0", "insertproportion", "0.5",
                "requestdistribution", "latest"));
        assertEquals(loaded, versions());
    }

    @Test
    void readModifyWritesOfTheWarmUpAreNotTimedIntoTheRunsMeasurements() throws Exception {
        load();
        warmUp(workload("readproportion", "0", "updateproportion", "0", "readmodifywriteproportion", "1"));
        String summary = Measurements.getMeasurements().getSummary();
        assertFalse(summary.contains("READ-MODIFY-WRITE"), summary);
    }

    @Test
    void aWarmUpWhoseCallsDoNotAnswerOkFailsAndClosesTheEngine() throws Exception {
        Map<String, Long> loaded = load();
        Properties p = warming(workload("readproportion", "1", "updateproportion", "0"));
        p.setProperty("recordcount", Integer.toString(4 * RECORDS)); // most keys it reads were never loaded
        EngineBinding binding = new EngineBinding();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> binding.setProperties(p));
        assertTrue(e.getMessage().contains("Return=NOT_FOUND"), e.getMessage());
        assertEquals(loaded, versions()); // and the directory's lock was let go
    }

    @Test
    void aWarmUpWithNothingLoadedFailsAndClosesTheEngine() {
        EngineBinding binding = new EngineBinding();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> binding.setProperties(warming(workload("readproportion", "1", "updateproportion", "0"))));
        assertTrue(e.getMessage().contains("load the records first"), e.getMessage());
        try (MikroDB db = MikroDB.open(dir)) { // the directory's lock was let go with the engine
            assertEquals(0, db.tableSize("users"));
        }
    }

    @Test
    void aQuietCompilerEndsTheWarmUpOnceItsMinimumHasPassed() {
        UntilCompilerQuiet until = new UntilCompilerQuiet(0.3, 20, Long.MAX_VALUE); // every round counts as quiet
        int rounds = roundsOf(until);
        assertTrue(until.elapsedSeconds() >= 0.3, "ran " + until.elapsedSeconds() + " s in " + rounds + " rounds");
        assertTrue(until.elapsedSeconds() < 20, "it ran to its maximum instead: " + until.elapsedSeconds() + " s");
    }

    @Test
    void aCompilerThatNeverGoesQuietEndsTheWarmUpAtItsMaximum() {
        UntilCompilerQuiet until = new UntilCompilerQuiet(0.1, 0.4, 0); // no round counts as quiet
        int rounds = roundsOf(until);
        assertTrue(until.elapsedSeconds() >= 0.4, "ran " + until.elapsedSeconds() + " s in " + rounds + " rounds");
        assertTrue(until.lastRoundCompiledMillis() >= 0, "each round read the compiler's time");
    }

    /** Runs empty rounds until {@code until} says to stop, and answers how many. */
    private static int roundsOf(UntilCompilerQuiet until) {
        int rounds = 1;
        while (until.anotherRound()) {
            rounds++;
        }
        return rounds;
    }

    /** Loads {@link #RECORDS} records as {@code ycsb load} does, and answers their keys and versions. */
    private Map<String, Long> load() throws Exception {
        Properties p = workload("readproportion", "1", "updateproportion", "0");
        EngineBinding loader = new EngineBinding();
        loader.setProperties(p);
        loader.init();
        CoreWorkload workload = new CoreWorkload();
        workload.init(p);
        for (int i = 0; i < RECORDS; i++) {
            assertTrue(workload.doInsert(loader, null), "insert " + i + " answered OK");
        }
        loader.cleanup();
        Map<String, Long> loaded = versions();
        assertEquals(RECORDS, loaded.size());
        return loaded;
    }

    /** One warmed session as YCSB makes it: properties on the main thread (the warm-up runs there), init, cleanup. */
    private void warmUp(Properties p) throws Exception {
        EngineBinding binding = new EngineBinding();
        binding.setProperties(warming(p));
        binding.init();
        binding.cleanup();
    }

    private static Properties warming(Properties p) {
        p.setProperty(Warmup.SECONDS_PROPERTY, "0.3");
        p.setProperty(Warmup.MAX_SECONDS_PROPERTY, "1");
        return p;
    }

    private Properties workload(String... proportions) {
        Properties p = new Properties();
        p.setProperty("workload", CoreWorkload.class.getName());
        p.setProperty("recordcount", Integer.toString(RECORDS));
        p.setProperty("fieldcount", "3");
        p.setProperty("fieldlength", "20");
        p.setProperty("threadcount", "4");
        p.setProperty("mikrodb.engine", "mikrodb-remote");
        p.setProperty("mikrodb.dir", dir.toString());
        for (int i = 0; i < proportions.length; i += 2) {
            p.setProperty(proportions[i], proportions[i + 1]);
        }
        return p;
    }

    private Map<String, Long> versions() {
        try (MikroDB db = MikroDB.open(dir)) {
            Map<String, Long> versions = new TreeMap<>();
            for (KeyList.Key key : db.list("users", ListOptions.ALL).keys()) {
                versions.put(key.key(), key.version());
            }
            return versions;
        }
    }
}
