package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mikrodb.testing.PowerCutDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts at every kind of moment, on a model of what a file system keeps ({@link PowerCutDisk}): only what an
 * fsync made durable, name operations since the last directory fsync either in order or per file. A writer with sync
 * durability runs single writes, deletes, batches and table drops while checkpoints write deltas, merge them, write
 * bases over spares and retire WAL segments into the change feed. Each run cuts the power (virtually: the run goes
 * on) before random file-system calls and before a quarter of the renames that name a file. Each cut's image must
 * check healthy, open, and hold exactly the acknowledged state, the one operation under way applied whole or not at
 * all. A quarter of the plain images are first recovered through the layer, with the power cut again before four
 * random calls among the first 30 of that recovery, and those images must verify the same way.
 *
 * <p>{@code -Dmikrodb.powercut.runs} (default 6; every sixth is encrypted, and costs ten times as much: each open and
 * check derives the key) runs of {@code -Dmikrodb.powercut.cuts} (default 40) random cuts; a longer search is larger
 * numbers, and {@code -Dmikrodb.powercut.seed} repeats one.
 */
class PowerCutTest {
    private static final String[] TABLES = {"t0", "t1", "t2"};
    private static final int KEYS = 40;
    private static final int OPS = 500;
    private static final String ENCRYPTION_KEY = "power-cut-passphrase";

    @TempDir
    Path dir;

    /** Each table's keys and their values' {@code n}; a table with no key is absent. */
    private static final class State {
        final Map<String, TreeMap<String, Integer>> tables = new TreeMap<>();

        State copy() {
            State s = new State();
            tables.forEach((t, keys) -> s.tables.put(t, new TreeMap<>(keys)));
            return s;
        }

        void put(String table, String key, int n) {
            tables.computeIfAbsent(table, t -> new TreeMap<>()).put(key, n);
        }

        void remove(String table, String key) {
            TreeMap<String, Integer> keys = tables.get(table);
            if (keys != null && keys.remove(key) != null && keys.isEmpty()) {
                tables.remove(table);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.tables.equals(tables);
        }

        @Override
        public int hashCode() {
            return tables.hashCode();
        }

        @Override
        public String toString() {
            return tables.toString();
        }
    }

    private static MikroOptions options(Path directory, boolean encrypted) {
        MikroOptions.Builder b = MikroOptions.builder().databaseDirectory(directory).durability(Durability.SYNC)
                .walIntervalMillis(40).maxWriteOpsBeforeFlush(30).changeRetentionBytes(16 * 1024);
        return (encrypted ? b.encryptionKey(ENCRYPTION_KEY) : b).build();
    }

    /** What was acknowledged when the power went out before a call, and where that moment's image is. */
    private record Cut(int call, String before, State acknowledged, State ifInFlightApplied, Path image) {
    }

    /** The writer's progress, read by the layer at a cut: what is acknowledged, and that plus the operation under way. */
    private static final class Progress {
        volatile State acknowledged = new State();
        volatile State ifInFlightApplied = acknowledged;
    }

    private static final long SEED = Long.getLong("mikrodb.powercut.seed", System.nanoTime());
    /** File-system calls a whole workload makes, measured by a run without cuts, to cut within it. */
    private static int calls;

    @BeforeAll
    static void measureARun(@TempDir Path scratch) throws Exception {
        PowerCutDisk uncut = new PowerCutDisk(scratch, List.of(), before -> false, new Random(SEED), (c, b) -> null);
        run(uncut, options(scratch, false), new Random(SEED), new Progress());
        calls = uncut.mutations();
        assertTrue(calls > OPS, "the workload made only " + calls + " file-system calls");
    }

    static IntStream runs() {
        return IntStream.range(0, Integer.getInteger("mikrodb.powercut.runs", 6));
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("runs")
    void everyAcknowledgedWriteSurvivesAPowerCutAndNothingElseAppears(int r) throws Exception {
        int cutsPerRun = Integer.getInteger("mikrodb.powercut.cuts", 40);
        Random random = new Random(SEED + r);
        boolean encrypted = r % 6 == 5;
        Progress progress = new Progress();
        List<Cut> cuts = new ArrayList<>();
        List<Integer> points = random.ints(1, calls + 1).distinct().limit(cutsPerRun).boxed().toList();
        Random targeted = new Random(SEED - r);
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("live"), points,
                before -> isNaming(before) && targeted.nextInt(4) == 0, random, (call, before) -> {
                    Path image = dir.resolve("image-" + call);
                    cuts.add(new Cut(call, before, progress.acknowledged, progress.ifInFlightApplied, image));
                    return image;
                });
        run(disk, options(dir.resolve("live"), encrypted), random, progress);
        disk.cutNow();
        Map<String, Integer> cutsBefore = new TreeMap<>();
        for (Cut cut : cuts) {
            String context = "run " + r + " (-Dmikrodb.powercut.seed=" + SEED + " repeats it; encrypted "
                    + encrypted + "), power cut before call " + cut.call() + ", " + cut.before();
            verify(cut, encrypted, context, encrypted ? null : random);
            cutsBefore.merge(cut.before().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        System.out.println("PowerCutTest run " + r + ": " + cuts.size() + " power cuts within " + disk.mutations()
                + " file-system calls, before " + cutsBefore);
    }

    /**
     * A rename that gives a table file or WAL segment its name: the moments between a file's fsync and its
     * directory's, where one call in a few hundred lies, so a uniform choice of cuts rarely tests them.
     */
    private static boolean isNaming(String call) {
        return call.startsWith("rename ") && (call.contains(".tmp ") || call.contains("wal.log"));
    }

    /** The image opens without damage and holds the acknowledged state, the operation under way whole or not. */
    private static void verify(Cut cut, boolean encrypted, String context, Random random) throws Exception {
        // A cut while the first open was creating the database leaves no metadata file, which check calls missing;
        // nothing was written yet, and the open below must still find an empty database.
        boolean created = Files.exists(cut.image().resolve("mikrodb.meta"));
        assertTrue(created || cut.acknowledged().tables.isEmpty(), context + ": the metadata file is gone");
        CheckReport report = MikroDB.check(cut.image(), encrypted ? ENCRYPTION_KEY : null);
        assertTrue(report.healthy() || !created, context + ": the image checks damaged: " + report.files());
        if (random != null && random.nextInt(4) == 0) {
            recoverThroughPowerCuts(cut, encrypted, context, random);
        }
        State recovered;
        try (MikroDB db = MikroDB.open(options(cut.image(), encrypted))) {
            recovered = read(db);
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": the image does not open: " + e, e);
        }
        assertRecovered(cut, recovered, context);
    }

    /**
     * The power goes out again while the image is being recovered (recovery sets torn tails aside, starts a new WAL
     * segment and deletes leftovers): each of those images must verify like the first one.
     */
    private static void recoverThroughPowerCuts(Cut cut, boolean encrypted, String context, Random random)
            throws Exception {
        List<Cut> again = new ArrayList<>();
        List<Integer> points = random.ints(1, 31).distinct().limit(4).boxed().toList();
        PowerCutDisk disk = new PowerCutDisk(cut.image(), points, before -> false, random, (call, before) -> {
            Path image = cut.image().resolveSibling(cut.image().getFileName() + "-again-" + call);
            again.add(new Cut(call, before, cut.acknowledged(), cut.ifInFlightApplied(), image));
            return image;
        });
        try (MikroDB db = MikroDB.open(options(cut.image(), encrypted), disk)) {
            assertRecovered(cut, read(db), context + ", recovered through the power-cut layer");
        }
        for (Cut c : again) {
            verify(c, encrypted, context + ", then again during recovery before call " + c.call() + ", " + c.before(),
                    null);
        }
    }

    private static void assertRecovered(Cut cut, State recovered, String context) {
        if (!recovered.equals(cut.acknowledged()) && !recovered.equals(cut.ifInFlightApplied())) {
            fail(context + ":\nrecovered      " + recovered + "\nacknowledged   " + cut.acknowledged()
                    + "\nwith in-flight " + cut.ifInFlightApplied());
        }
    }

    /** Runs the workload to its end and closes the database, publishing each step's state as it goes. */
    private static void run(PowerCutDisk disk, MikroOptions options, Random random, Progress progress) {
        try (MikroDB db = MikroDB.open(options, disk)) {
            for (int op = 0; op < OPS; op++) {
                State next = progress.acknowledged.copy();
                progress.ifInFlightApplied = next; // applied by perform as it goes, before the database sees it
                perform(db, random, op, next);
                progress.acknowledged = next;
            }
        }
    }

    /** One random operation, its effect applied to {@code state} as it is made. */
    private static void perform(MikroDB db, Random random, int op, State state) {
        String table = TABLES[random.nextInt(TABLES.length)];
        int kind = random.nextInt(100);
        if (kind < 60) {
            String key = "k" + random.nextInt(KEYS);
            state.put(table, key, op);
            db.write(WriteRequest.builder(table, key).jsonValue(value(random, op)).build());
        } else if (kind < 75) {
            String key = "k" + random.nextInt(KEYS);
            state.remove(table, key);
            db.delete(table, key);
        } else if (kind < 90) {
            List<WriteRequest> batch = new ArrayList<>();
            Map<String, Integer> keys = new HashMap<>();
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                String key = "k" + random.nextInt(KEYS);
                keys.put(key, op);
                batch.add(WriteRequest.builder(table, key).jsonValue(value(random, op)).build());
            }
            keys.forEach((key, n) -> state.put(table, key, n));
            db.writeBatch(batch);
        } else if (kind < 98) {
            db.flush(); // a checkpoint now, on top of the ones the write counts and the interval start
        } else {
            state.tables.remove(table);
            db.deleteTable(table);
        }
    }

    /** A value with padding of varying length, so deltas vary in size and spares are cut and grown. */
    private static String value(Random random, int n) {
        return "{\"n\":" + n + ",\"pad\":\"" + "p".repeat(random.nextInt(400)) + "\"}";
    }

    private static State read(MikroDB db) {
        State s = new State();
        for (String table : TABLES) {
            if (!db.tableExists(table)) {
                continue;
            }
            for (int k = 0; k < KEYS; k++) {
                String key = "k" + k;
                db.get(table, key).ifPresent(item -> s.put(table, key, item.value().get("n").intValue()));
            }
        }
        return s;
    }
}
