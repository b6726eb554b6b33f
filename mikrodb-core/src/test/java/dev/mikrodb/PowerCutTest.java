package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mikrodb.testing.PowerCutDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts at every kind of moment, on a model of what a file system keeps ({@link PowerCutDisk}): only what an
 * fsync made durable, name operations since the last directory fsync either in order or per file. A writer runs
 * single writes, deletes, batches, flushes, index creations and table drops while checkpoints write deltas, merge
 * them, write bases over spares and retire WAL segments into the change feed. Each run cuts the power (virtually:
 * the run goes on) before random file-system calls and before a quarter of the renames that name a file. Each cut's
 * image must check healthy, open, and hold a state the cut may leave:
 * <ul>
 *   <li>sync durability: exactly the acknowledged state, the one operation under way applied whole or not at all;</li>
 *   <li>os durability (every third run), which acknowledges before any fsync: the state of the last flush or of any
 *       later operation, never a state that never was (a hole, half a batch, a removed key back).</li>
 * </ul>
 * A state is the items and the index definitions; each index rebuilt at open must hold exactly its table's items,
 * the database's revision must be at least every item's, and the change feed must read its history in order up to
 * that revision, then a commit made after the cut.
 * A quarter of the plain images are first recovered through the layer, with the power cut again before four random
 * calls among the first 30 of that recovery; those images must hold exactly what that recovery read.
 *
 * <p>{@code -Dmikrodb.powercut.runs} (default 6; every sixth is encrypted, and costs ten times as much: each open and
 * check derives the key) runs of {@code -Dmikrodb.powercut.cuts} (default 40) random cuts; a longer search is larger
 * numbers, {@code -Dmikrodb.powercut.seed} repeats one, and {@code -Dmikrodb.powercut.keep=DIR} keeps a copy of each
 * image as the power cut left it.
 */
class PowerCutTest {
    private static final String[] TABLES = {"t0", "t1", "t2"};
    private static final int KEYS = 40;
    private static final int OPS = 500;
    private static final String ENCRYPTION_KEY = "power-cut-passphrase";

    @TempDir
    Path dir;

    /**
     * Each table's keys and their values' {@code n} (a table with no key is absent), and the tables with an index on
     * {@code n} (a definition outlives the table's last key, not its drop).
     */
    private static final class State {
        final Map<String, TreeMap<String, Integer>> tables = new TreeMap<>();
        final java.util.TreeSet<String> indexed = new java.util.TreeSet<>();

        State copy() {
            State s = new State();
            tables.forEach((t, keys) -> s.tables.put(t, new TreeMap<>(keys)));
            s.indexed.addAll(indexed);
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
            return o instanceof State s && s.tables.equals(tables) && s.indexed.equals(indexed);
        }

        @Override
        public int hashCode() {
            return tables.hashCode() * 31 + indexed.hashCode();
        }

        @Override
        public String toString() {
            return tables + (indexed.isEmpty() ? "" : " indexed " + indexed);
        }
    }

    private static MikroOptions options(Path directory, boolean encrypted, Durability durability) {
        MikroOptions.Builder b = MikroOptions.builder().databaseDirectory(directory).durability(durability)
                .walIntervalMillis(40).maxWriteOpsBeforeFlush(30).changeRetentionBytes(16 * 1024);
        return (encrypted ? b.encryptionKey(ENCRYPTION_KEY) : b).build();
    }

    /**
     * The states a power cut before a call may leave (the durable one, any later one, the operation under way
     * applied), and where that moment's image is.
     */
    private record Cut(int call, String before, List<State> survivable, Path image) {
        State durable() {
            return survivable.get(0);
        }
    }

    /** The writer's progress, read by the layer at a cut. */
    private static final class Progress {
        private final boolean eachOperationDurable;
        /** The state after each completed operation, the empty database first. */
        private final List<State> history = new ArrayList<>(List.of(new State()));
        /** The first state of {@link #history} a power cut may leave: the last one an fsync covered. */
        private int durableFrom;
        private State inFlight = history.get(0);

        Progress(Durability durability) {
            this.eachOperationDurable = durability == Durability.SYNC;
        }

        synchronized State last() {
            return history.get(history.size() - 1);
        }

        /** {@code next} is being applied; perform fills it in before the database sees the operation. */
        synchronized void starting(State next) {
            inFlight = next;
        }

        synchronized void completed(State next, boolean fsynced) {
            history.add(next);
            if (eachOperationDurable || fsynced) {
                durableFrom = history.size() - 1;
            }
        }

        /** The durable state first, then every later one, then the one under way. */
        synchronized List<State> survivable() {
            List<State> states = new ArrayList<>(history.subList(durableFrom, history.size()));
            states.add(inFlight);
            return states;
        }
    }

    private static final long SEED = Long.getLong("mikrodb.powercut.seed", System.nanoTime());
    /** File-system calls a whole workload makes, measured by a run without cuts, to cut within it. */
    private static int calls;

    @BeforeAll
    static void measureARun(@TempDir Path scratch) throws Exception {
        PowerCutDisk uncut = new PowerCutDisk(scratch, List.of(), before -> false, new Random(SEED), (c, b) -> null);
        run(uncut, options(scratch, false, Durability.SYNC), new Random(SEED), new Progress(Durability.SYNC));
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
        // os durability acknowledges before any fsync: a cut may lose what followed the last flush, not more.
        Durability durability = r % 3 == 1 ? Durability.OS : Durability.SYNC;
        Progress progress = new Progress(durability);
        List<Cut> cuts = new ArrayList<>();
        List<Integer> points = random.ints(1, calls + 1).distinct().limit(cutsPerRun).boxed().toList();
        Random targeted = new Random(SEED - r);
        PowerCutDisk disk = new PowerCutDisk(dir.resolve("live"), points,
                before -> isNaming(before) && targeted.nextInt(4) == 0, random, (call, before) -> {
                    Path image = dir.resolve("image-" + call);
                    cuts.add(new Cut(call, before, progress.survivable(), image));
                    return image;
                });
        run(disk, options(dir.resolve("live"), encrypted, durability), random, progress);
        disk.cutNow();
        Map<String, Integer> cutsBefore = new TreeMap<>();
        int indexesBefore = indexesChecked.get();
        for (Cut cut : cuts) {
            String context = "run " + r + " (-Dmikrodb.powercut.seed=" + SEED + " repeats it; encrypted "
                    + encrypted + ", " + durability + "), power cut before call " + cut.call() + ", " + cut.before();
            verify(cut, options(cut.image(), encrypted, durability), context, encrypted ? null : random);
            cutsBefore.merge(cut.before().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        System.out.println("PowerCutTest run " + r + ": " + cuts.size() + " power cuts within " + disk.mutations()
                + " file-system calls, " + (indexesChecked.get() - indexesBefore) + " indexes checked, before "
                + cutsBefore);
    }

    /**
     * A rename that gives a table file or WAL segment its name: the moments between a file's fsync and its
     * directory's, where one call in a few hundred lies, so a uniform choice of cuts rarely tests them.
     */
    private static boolean isNaming(String call) {
        return call.startsWith("rename ") && (call.contains(".tmp ") || call.contains("wal.log"));
    }

    /**
     * The image checks healthy and opens, holding one of the states the cut may leave: with sync durability the
     * acknowledged one or the operation under way applied; with os durability any from the last flush on.
     */
    private static void verify(Cut cut, MikroOptions options, String context, Random random) throws Exception {
        // A cut while the first open was creating the database leaves no metadata file: nothing was written yet,
        // check says so without calling it damage, and the open below must still find an empty database.
        keepACopy(cut);
        boolean created = Files.exists(cut.image().resolve("mikrodb.meta"));
        assertTrue(created || cut.durable().tables.isEmpty(), context + ": the metadata file is gone");
        CheckReport report = MikroDB.check(cut.image(), options.encryptionKey());
        assertTrue(report.healthy(), context + ": the image checks damaged: " + report.files());
        if (random != null && random.nextInt(4) == 0) {
            recoverThroughPowerCuts(cut, options, context, random);
        }
        State recovered;
        try (MikroDB db = MikroDB.open(options)) {
            recovered = read(db);
            assertRevisionCoversTheItems(db, context);
            assertTheFeedFollowsOnFromItsHistory(db, context);
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": the image does not open: " + e, e);
        }
        assertRecovered(cut, recovered, context);
    }

    /** With {@code -Dmikrodb.powercut.keep=DIR}, each image is copied there before anything opens it: to debug. */
    private static void keepACopy(Cut cut) throws Exception {
        String keep = System.getProperty("mikrodb.powercut.keep");
        if (keep == null) {
            return;
        }
        Path copy = Path.of(keep).resolve(cut.image().getParent().getFileName() + "-" + cut.image().getFileName());
        try (Stream<Path> files = Files.walk(cut.image())) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(cut.image().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.writeString(copy.resolve("SURVIVABLE"), cut.survivable().toString());
    }

    /**
     * The power goes out again while the image is being recovered (recovery sets torn tails aside, starts a new WAL
     * segment and deletes leftovers): each of those images must verify like the first one.
     */
    private static void recoverThroughPowerCuts(Cut cut, MikroOptions options, String context, Random random)
            throws Exception {
        List<Cut> again = new ArrayList<>();
        List<Integer> points = random.ints(1, 31).distinct().limit(4).boxed().toList();
        PowerCutDisk disk = new PowerCutDisk(cut.image(), points, before -> false, random, (call, before) -> {
            Path image = cut.image().resolveSibling(cut.image().getFileName() + "-again-" + call);
            again.add(new Cut(call, before, cut.survivable(), image));
            return image;
        });
        State recovered;
        try (MikroDB db = MikroDB.open(options, disk)) {
            recovered = read(db);
            assertRecovered(cut, recovered, context + ", recovered through the power-cut layer");
            assertRevisionCoversTheItems(db, context + ", recovered through the power-cut layer");
        }
        // What this recovery read is what every later image must hold: nothing it saw may be lost again.
        for (Cut c : again) {
            verify(new Cut(c.call(), c.before(), List.of(recovered), c.image()),
                    options.toBuilder().databaseDirectory(c.image()).build(),
                    context + ", then again during recovery before call " + c.call() + ", " + c.before(), null);
        }
    }

    private static void assertRecovered(Cut cut, State recovered, String context) {
        if (!cut.survivable().contains(recovered)) {
            fail(context + ":\nrecovered " + recovered + "\nbut the durable state was " + cut.durable() + " ("
                    + (cut.survivable().size() - 1) + " later states allowed, the last with the operation under "
                    + "way: " + cut.survivable().get(cut.survivable().size() - 1) + ")");
        }
    }

    /** Runs the workload to its end and closes the database, publishing each step's state as it goes. */
    private static void run(PowerCutDisk disk, MikroOptions options, Random random, Progress progress) {
        try (MikroDB db = MikroDB.open(options, disk)) {
            for (int op = 0; op < OPS; op++) {
                State next = progress.last().copy();
                progress.starting(next); // perform applies the operation to it before the database sees it
                boolean fsynced = perform(db, random, op, next);
                progress.completed(next, fsynced);
            }
        }
    }

    /** One random operation, its effect applied to {@code state} as it is made; true if it fsynced everything. */
    private static boolean perform(MikroDB db, Random random, int op, State state) {
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
            List<WriteRequest> batch = new ArrayList<>(); // across tables: all of it survives, or none
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                String batchTable = TABLES[random.nextInt(TABLES.length)];
                String key = "k" + random.nextInt(KEYS);
                state.put(batchTable, key, op);
                batch.add(WriteRequest.builder(batchTable, key).jsonValue(value(random, op)).build());
            }
            db.writeBatch(batch);
        } else if (kind < 97) {
            db.flush(); // a checkpoint now, on top of the ones the write counts and the interval start
            return true;
        } else if (kind < 98) {
            state.indexed.add(table); // a definition in the log, the index rebuilt from the items at each load
            db.createIndex(table, IndexSpec.on("n"));
        } else {
            state.tables.remove(table);
            state.indexed.remove(table);
            db.deleteTable(table);
        }
        return false;
    }

    /** A value with padding of varying length, so deltas vary in size and spares are cut and grown. */
    private static String value(Random random, int n) {
        return "{\"n\":" + n + ",\"pad\":\"" + "p".repeat(random.nextInt(400)) + "\"}";
    }

    /**
     * The database's revision never falls below one an item already carries: the next commit would otherwise number
     * items (and the change feed) below older ones. A cut can lose the newest WAL segment's header, which holds it.
     */
    private static void assertRevisionCoversTheItems(MikroDB db, String context) {
        long highest = 0;
        for (String table : TABLES) {
            if (db.tableExists(table)) {
                for (int k = 0; k < KEYS; k++) {
                    highest = Math.max(highest, db.get(table, "k" + k).map(Item::modRevision).orElse(0L));
                }
            }
        }
        assertTrue(db.revision() >= highest, context + ": the revision went back to " + db.revision()
                + " below an item's " + highest);
    }

    /**
     * The change feed after a power cut: its retained history, read from the oldest revision it still holds, runs in
     * revision order up to the database's revision and no further, and the next commit follows it. (Revisions without
     * an event are allowed: an index definition is a commit to a system table, which the feed does not show.)
     */
    private static void assertTheFeedFollowsOnFromItsHistory(MikroDB db, String context) throws InterruptedException {
        long now = db.revision();
        List<Long> revisions = new java.util.concurrent.CopyOnWriteArrayList<>();
        ChangeListener collect = event -> revisions.add(event.revision());
        long from = 0;
        Subscription feed;
        try {
            feed = db.subscribe(null, SubscribeOptions.fromRevision(from), collect);
        } catch (HistoryCompactedException e) {
            from = e.compactRevision();
            feed = db.subscribe(null, SubscribeOptions.fromRevision(from), collect);
        }
        try (Subscription open = feed) {
            db.write(WriteRequest.builder("t0", "after-the-cut").jsonValue("{\"n\":-1}").build());
            try {
                ChangeEventsTest.await(() -> !revisions.isEmpty() && revisions.get(revisions.size() - 1) > now);
            } catch (AssertionError e) {
                throw new AssertionError(context + ": the commit after the cut (revision " + (now + 1) + ") never "
                        + "reached a subscriber from revision " + from + "; it had " + revisions, e);
            }
        }
        long previous = from;
        for (int i = 0; i < revisions.size(); i++) {
            long r = revisions.get(i);
            boolean last = i == revisions.size() - 1;
            if (r < previous || r <= from || (last ? r != now + 1 : r > now)) {
                fail(context + ": the feed from revision " + from + " up to the database's " + now + " and the "
                        + "next commit's is out of order: " + revisions);
            }
            previous = r;
        }
    }

    private static State read(MikroDB db) {
        State s = new State();
        for (String table : TABLES) {
            // a definition made on a table with no item, or kept after its last item, is there without the table
            boolean indexed = db.indexes(table).stream().anyMatch(i -> "n_1".equals(i.spec().name()));
            if (indexed) {
                s.indexed.add(table);
            }
            if (!db.tableExists(table)) {
                continue;
            }
            for (int k = 0; k < KEYS; k++) {
                String key = "k" + k;
                db.get(table, key).ifPresent(item -> s.put(table, key, item.value().get("n").intValue()));
            }
            if (indexed) {
                assertTheIndexHoldsEveryItem(db, table, s.tables.getOrDefault(table, new TreeMap<>()));
            }
        }
        return s;
    }

    /** Indexes checked against their tables' items, across the recovered images: the summary says how many. */
    private static final java.util.concurrent.atomic.AtomicInteger indexesChecked =
            new java.util.concurrent.atomic.AtomicInteger();

    /** An index rebuilt after a power cut answers a range over all of {@code n} with exactly the table's items. */
    private static void assertTheIndexHoldsEveryItem(MikroDB db, String table, TreeMap<String, Integer> items) {
        Explained all = db.explain(table, Query.builder()
                .filter("{\"n\": {\"operator\": \"gte\", \"value\": 0}}").build());
        TreeMap<String, Integer> found = new TreeMap<>();
        all.results().forEach(item -> found.put(item.key(), item.value().get("n").intValue()));
        assertEquals("n_1", all.plan().index(), table + ": the query did not use the index");
        assertEquals(items, found, table + ": the index disagrees with the items");
        indexesChecked.incrementAndGet();
    }
}
