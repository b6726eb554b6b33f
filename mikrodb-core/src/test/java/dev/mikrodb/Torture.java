package dev.mikrodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The torture harness (after RocksDB's db_stress and SQLite's crash tests): runs {@link TortureChild} against one
 * directory, kills it with SIGKILL at a random moment (or lets an injected fault end it), sometimes tears the WAL's
 * tail with garbage or zeros, reopens, and checks the database against a model of every acknowledged operation kept
 * in this process: nothing acknowledged is lost (in sync and os modes), no batch is half applied, an operation in
 * flight at the kill is either wholly there or wholly absent. Seeded and reproducible; a failure names the seed.
 *
 * <p>{@code bin/torture --rounds 1000 --durability os [--faults] [--seed N] [--dir D]}.
 */
public final class Torture {
    /** The outcome of a run, for the report and docs/reliability.md. */
    record Stats(String mode, int rounds, long acknowledged, long lost, long torn, long inDoubtApplied,
                 long inDoubtAbsent, long maxLossInOps, long faultsEnded, long millis) {
        @Override
        public String toString() {
            return mode + ": " + rounds + " rounds, " + acknowledged + " operations acknowledged, lost " + lost
                    + ", torn " + torn + ", in flight at the kill: " + inDoubtApplied + " applied / " + inDoubtAbsent
                    + " absent, largest loss " + maxLossInOps + " ops, rounds ended by an injected fault "
                    + faultsEnded + ", " + millis / 1000.0 + " s";
        }
    }

    /** What the database must hold: table → key → (value JSON text, version, expiring). */
    private record Entry(String value, long version, boolean expiring) {
    }

    private final Path dir;
    private final Durability durability;
    private final boolean faults;
    private final Random random;
    private final long seed;
    private TreeMap<String, TreeMap<String, Entry>> model = new TreeMap<>();
    private long acknowledged;
    private long lost;
    private long torn;
    private long inDoubtApplied;
    private long inDoubtAbsent;
    private long maxLoss;
    private long faultsEnded;
    private boolean progress;

    Torture(Path dir, Durability durability, boolean faults, long seed) {
        this.dir = dir;
        this.durability = durability;
        this.faults = faults;
        this.seed = seed;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int rounds = 100;
        Durability durability = Durability.OS;
        boolean faults = false;
        long seed = System.nanoTime();
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--durability" -> durability = Durability.parse(args[++i]);
                case "--faults" -> faults = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --rounds N --durability sync|os|async --faults --seed N --dir D");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("mikrodb-torture");
        }
        System.out.println("torture: seed " + seed + ", directory " + dir);
        Torture torture = new Torture(dir, durability, faults, seed);
        torture.progress = true;
        System.out.println(torture.run(rounds, 100, 1_500));
    }

    /** Runs {@code rounds} rounds, each killed after a random time in [minMillis, maxMillis). */
    Stats run(int rounds, int minMillis, int maxMillis) throws Exception {
        long started = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            try {
                round(round, minMillis + random.nextInt(maxMillis - minMillis));
                if (progress && (round + 1) % 50 == 0) {
                    System.err.println("torture: " + (round + 1) + " rounds, " + acknowledged
                            + " operations acknowledged, nothing lost");
                }
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("torture failed: seed " + seed + ", round " + round + ", durability "
                        + durability.configName() + (faults ? ", faults" : "") + ", directory " + dir + ": "
                        + e.getMessage(), e);
            }
        }
        return new Stats(durability.configName() + (faults ? "+faults" : ""), rounds, acknowledged, lost, torn,
                inDoubtApplied, inDoubtAbsent, maxLoss, faultsEnded, (System.nanoTime() - started) / 1_000_000);
    }

    /** One operation as the child announced it, and its outcome ('A', 'C', 'F', 'D', or 0 if none). */
    private record Op(long id, JsonNode spec, char outcome, String result) {
    }

    private void round(int round, long killAfterMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                TortureChild.class.getName(), dir.toString(), durability.configName(),
                String.valueOf(seed + round + 1), faults ? "faults" : "none")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        IOException[] readFailure = new IOException[1];
        java.util.concurrent.CountDownLatch working = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    working.countDown();
                }
            } catch (IOException e) {
                readFailure[0] = e;
            }
        });
        reader.start();
        // The kill time counts from the child's first operation, not its start: a slow JVM start on a busy machine
        // must not turn rounds into kills before anything happened.
        working.await(30, TimeUnit.SECONDS);
        if (child.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
            faultsEnded++; // it ended itself: an injected fault made the database refuse writes
        }
        // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the child's stdout and
        // throw away the lines still in the pipe, announcements of operations that did run.
        child.toHandle().destroyForcibly();
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not die within 30 s of SIGKILL");
        }
        reader.join(); // to the end of the pipe: every line the child wrote
        if (readFailure[0] != null) {
            throw new AssertionError("reading the child's output failed: " + readFailure[0], readFailure[0]);
        }
        List<Op> ops = parse(lines);
        if (random.nextInt(4) == 0) {
            tearTail();
        }
        if (Boolean.getBoolean("mikrodb.torture.keep")) { // for debugging: the directory as the kill left it
            Path copy = dir.resolveSibling(dir.getFileName() + ".round" + round);
            FaultInjectionTest.crashCopy(dir, copy);
        }
        try {
            verify(ops);
        } catch (AssertionError e) {
            List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            throw new AssertionError(e.getMessage() + "\nlast lines: " + String.join("\n", tail).replaceAll("x{5,}",
                    "x..") + "\nexit " + child.exitValue(), e);
        }
    }

    private static List<Op> parse(List<String> lines) {
        Map<Long, JsonNode> specs = new HashMap<>();
        List<Op> ops = new ArrayList<>();
        Map<Long, Integer> index = new HashMap<>();
        for (String line : lines) {
            if (line.startsWith("R ")) {
                throw new AssertionError("a concurrent reader saw " + line.substring(2));
            }
            String[] parts = line.split(" ", 3);
            if (parts.length < 2) {
                continue; // a line cut by the kill
            }
            long id;
            try {
                id = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (parts[0].equals("B") && parts.length == 3) {
                try {
                    specs.put(id, WireJson.parseAnswer(parts[2].getBytes(StandardCharsets.UTF_8)));
                } catch (RuntimeException cut) {
                    continue; // the kill cut the announcement: the operation may have run (a put in doubt)
                }
                index.put(id, ops.size());
                ops.add(new Op(id, specs.get(id), (char) 0, null));
            } else if (index.containsKey(id)) {
                ops.set(index.get(id), new Op(id, specs.get(id), parts[0].charAt(0), parts.length > 2 ? parts[2]
                        : ""));
            }
        }
        return ops;
    }

    /** Appends garbage or zeros to the active WAL segment, as a torn write at the kill could leave. */
    private void tearTail() throws IOException {
        Path wal = dir.resolve("wal.log");
        if (!Files.exists(wal)) {
            return;
        }
        byte[] junk = new byte[1 + random.nextInt(64)];
        if (random.nextBoolean()) {
            random.nextBytes(junk);
        }
        Files.write(wal, junk, StandardOpenOption.APPEND);
    }

    private void verify(List<Op> ops) {
        List<TreeMap<String, TreeMap<String, Entry>>> candidates = new ArrayList<>();
        TreeMap<String, TreeMap<String, Entry>> state = copy(model);
        candidates.add(copy(state));
        List<Integer> ackedAt = new ArrayList<>(); // candidates index after each acknowledged op
        for (Op op : ops) {
            switch (op.outcome()) {
                case 'A' -> {
                    apply(state, op);
                    candidates.add(copy(state));
                    ackedAt.add(candidates.size() - 1);
                    acknowledged++;
                }
                case 'C', 'F' -> checkRefusal(state, op);
                default -> { // in flight at the kill (or in doubt): it may or may not have taken effect
                    TreeMap<String, TreeMap<String, Entry>> maybe = copy(state);
                    if (isMutation(op)) {
                        apply(maybe, op);
                        candidates.add(maybe);
                    }
                }
            }
        }
        TreeMap<String, TreeMap<String, Entry>> actual = read();
        TreeMap<String, TreeMap<String, Entry>> again = read();
        if (!nonEmpty(actual).equals(nonEmpty(again))) {
            throw new AssertionError("two opens of the same directory disagree: " + diff(nonEmpty(actual),
                    nonEmpty(again)));
        }
        int match = -1;
        for (int i = candidates.size() - 1; i >= 0 && match < 0; i--) {
            if (nonEmpty(candidates.get(i)).equals(nonEmpty(actual))) {
                match = i;
            }
        }
        if (match < 0) {
            torn++;
            int best = 0;
            List<String> bestDiff = null;
            for (int i = 0; i < candidates.size(); i++) {
                List<String> d = diff(nonEmpty(candidates.get(i)), nonEmpty(actual));
                if (bestDiff == null || d.size() <= bestDiff.size()) {
                    best = i;
                    bestDiff = d;
                }
            }
            List<Op> relevant = new ArrayList<>();
            for (Op op : ops) {
                String text = String.valueOf(op.spec());
                for (String d : bestDiff) {
                    String[] tk = d.substring(0, d.indexOf(':')).split("/");
                    if (text.contains("\"" + tk[0] + "\"") && (text.contains("\"" + tk[1] + "\"")
                            || text.contains("drop"))) {
                        relevant.add(op);
                        break;
                    }
                }
            }
            throw new AssertionError("the database matches no prefix of the acknowledged operations (a lost write "
                    + "or a torn batch); closest: after " + best + " of " + (candidates.size() - 1)
                    + " operations, differing in " + bestDiff + "; operations on those keys: " + describe(relevant)
                    + "\nlast operations: " + describe(ops));
        }
        int lastAcked = ackedAt.isEmpty() ? 0 : ackedAt.get(ackedAt.size() - 1);
        if (match < lastAcked) {
            int matched = match;
            long lostHere = ackedAt.stream().filter(i -> i > matched).count();
            if (durability != Durability.ASYNC) {
                lost += lostHere;
                throw new AssertionError(lostHere + " acknowledged operations lost (" + durability.configName()
                        + " durability)");
            }
            maxLoss = Math.max(maxLoss, lostHere);
        } else if (match > lastAcked) {
            inDoubtApplied++;
        } else if (candidates.size() - 1 > lastAcked) {
            inDoubtAbsent++;
        }
        model = actual;
    }

    private static List<String> diff(TreeMap<String, TreeMap<String, Entry>> expected,
                                     TreeMap<String, TreeMap<String, Entry>> actual) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> tables = new java.util.TreeSet<>(expected.keySet());
        tables.addAll(actual.keySet());
        for (String t : tables) {
            TreeMap<String, Entry> e = expected.getOrDefault(t, new TreeMap<>());
            TreeMap<String, Entry> a = actual.getOrDefault(t, new TreeMap<>());
            java.util.Set<String> keys = new java.util.TreeSet<>(e.keySet());
            keys.addAll(a.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(e.get(k), a.get(k))) {
                    out.add(t + "/" + k + ": expected " + brief(e.get(k)) + ", found " + brief(a.get(k)));
                }
            }
        }
        return out;
    }

    private static String brief(Entry e) {
        return e == null ? "absent" : "v" + e.version() + " " + e.value().replaceAll("x{5,}", "x..");
    }

    private static String describe(List<Op> ops) {
        StringBuilder b = new StringBuilder();
        for (Op op : ops.subList(Math.max(0, ops.size() - 30), ops.size())) {
            b.append("\n  ").append(op.id()).append(' ').append(op.outcome() == 0 ? '?' : op.outcome()).append(' ')
                    .append(op.spec() == null ? "" : op.spec().toString().replaceAll("x{5,}", "x.."))
                    .append(op.result() == null ? "" : " -> " + op.result());
        }
        return b.toString();
    }

    /** Tables with items; a table emptied by deletes may or may not still be listed. */
    private static TreeMap<String, TreeMap<String, Entry>> nonEmpty(TreeMap<String, TreeMap<String, Entry>> state) {
        TreeMap<String, TreeMap<String, Entry>> out = new TreeMap<>();
        state.forEach((t, m) -> {
            if (!m.isEmpty()) {
                out.put(t, m);
            }
        });
        return out;
    }

    private static boolean isMutation(Op op) {
        return op.spec() != null && !op.spec().path("t").asText().equals("flush");
    }

    /** A refused conditional write must have been refused for a reason the model agrees with. */
    private static void checkRefusal(TreeMap<String, TreeMap<String, Entry>> state, Op op) {
        if (op.outcome() != 'C' || !op.spec().has("ev")) {
            return;
        }
        Entry current = state.getOrDefault(op.spec().get("table").asText(), new TreeMap<>())
                .get(op.spec().get("key").asText());
        long version = current == null ? 0 : current.version();
        if (version == op.spec().get("ev").asLong()) {
            throw new AssertionError("operation " + op.id() + " was refused as a conflict, but the model says "
                    + "version " + version + " as expected");
        }
    }

    private static void apply(TreeMap<String, TreeMap<String, Entry>> state, Op op) {
        JsonNode s = op.spec();
        switch (s.get("t").asText()) {
            case "put" -> put(state, s, op.id());
            case "batch" -> s.get("writes").forEach(w -> put(state, w, op.id()));
            case "delete" -> {
                TreeMap<String, Entry> table = state.get(s.get("table").asText());
                if (table != null) {
                    table.remove(s.get("key").asText());
                }
            }
            case "drop" -> state.remove(s.get("table").asText());
            default -> {
            }
        }
    }

    private static void put(TreeMap<String, TreeMap<String, Entry>> state, JsonNode w, long id) {
        TreeMap<String, Entry> table = state.computeIfAbsent(w.get("table").asText(), t -> new TreeMap<>());
        String key = w.get("key").asText();
        Entry old = table.get(key);
        com.fasterxml.jackson.databind.node.ObjectNode value = ((com.fasterxml.jackson.databind.node.ObjectNode) w
                .get("value")).deepCopy();
        value.put("op", id);
        table.put(key, new Entry(canonical(value), old == null ? 1 : old.version() + 1, w.has("ttl")));
    }

    private static String canonical(JsonNode value) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        value.fields().forEachRemaining(f -> sorted.put(f.getKey(), f.getValue()));
        return sorted.toString();
    }

    private TreeMap<String, TreeMap<String, Entry>> read() {
        TreeMap<String, TreeMap<String, Entry>> actual = new TreeMap<>();
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build())) {
            for (String t : db.tables()) {
                TreeMap<String, Entry> table = new TreeMap<>();
                for (Item item : db.getAll(t)) {
                    table.put(item.key(), new Entry(canonical(item.value()), item.version(), item.hasExpiration()));
                }
                actual.put(t, table);
            }
        }
        return actual;
    }

    private static TreeMap<String, TreeMap<String, Entry>> copy(TreeMap<String, TreeMap<String, Entry>> state) {
        TreeMap<String, TreeMap<String, Entry>> c = new TreeMap<>();
        state.forEach((t, m) -> c.put(t, new TreeMap<>(m)));
        return c;
    }
}
