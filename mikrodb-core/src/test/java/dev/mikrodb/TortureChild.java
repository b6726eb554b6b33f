package dev.mikrodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.wire.WireJson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The process the torture harness kills: a random mix of single writes, multi-table batches, conditional writes,
 * deletes, expiring writes, drops and checkpoints, with a reader thread alongside, optionally through a file layer
 * that injects faults. Every operation is announced before it runs ({@code B id json}) and its outcome after
 * ({@code A id versions}, {@code C id} for a version conflict, {@code F id class} for a refused operation,
 * {@code D id} for a write in doubt), so the parent knows exactly what was acknowledged.
 *
 * <p>Arguments: directory, durability, seed, fault mode ({@code none} or {@code faults}).
 */
public final class TortureChild {
    static final int TABLES = 4;
    static final int KEYS = 40;
    /** Writes in a burst, and the keys they are drawn from (apart from the {@link #KEYS} others). */
    static final int BURST = 1_600;
    static final int BURST_KEYS = 3_000;
    /** maxWriteOpsBeforeFlush: small, so checkpoints are frequent and async mode's buffer is this many records. */
    static final int WRITES_BEFORE_FLUSH = 30;
    private final MikroDB db;
    private final Random random;
    private final PrintStream out;
    private final FaultyFileLayer faults;
    private long nextId;

    private TortureChild(MikroDB db, Random random, PrintStream out, FaultyFileLayer faults, long firstId) {
        this.db = db;
        this.random = random;
        this.out = out;
        this.faults = faults;
        this.nextId = firstId;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Durability durability = Durability.parse(args[1]);
        long seed = Long.parseLong(args[2]);
        boolean injectFaults = args[3].equals("faults");
        FaultyFileLayer faults = new FaultyFileLayer();
        MikroOptions options = MikroOptions.builder().databaseDirectory(dir).durability(durability)
                .walIntervalMillis(25).maxWriteOpsBeforeFlush(WRITES_BEFORE_FLUSH).maxLoadedTables(3).build();
        MikroDB db = injectFaults ? MikroDB.open(options, faults) : MikroDB.open(options);
        PrintStream out = new PrintStream(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> read(db, new Random(seed ^ 0x5DEECE66DL), out), "torture-reader");
        reader.setDaemon(true);
        reader.start();
        new TortureChild(db, new Random(seed), out, injectFaults ? faults : null, seed * 1_000_000).run();
    }

    static String table(int t) {
        return "t" + t;
    }

    private void run() {
        while (true) {
            if (faults != null && random.nextInt(150) == 0) {
                injectFault();
            }
            int kind = random.nextInt(100);
            long id = nextId++;
            ObjectNode op = WireJson.object();
            if (kind < 45) {
                put(id, op);
            } else if (kind < 65) {
                batch(id, op);
            } else if (kind < 85) {
                delete(id, op);
            } else if (kind == 85) {
                burst(id, op);
            } else if (kind < 88) {
                op.put("t", "drop").put("table", table(random.nextInt(TABLES)));
                execute(id, op, () -> String.valueOf(db.deleteTable(op.get("table").asText())));
            } else {
                op.put("t", "flush");
                execute(id, op, () -> {
                    db.flush();
                    return "";
                });
            }
        }
    }

    private ObjectNode write(ObjectNode w) {
        String table = table(random.nextInt(TABLES));
        String key = "k" + random.nextInt(KEYS);
        w.put("table", table).put("key", key);
        w.putObject("value").put("k", key).put("pad", "x".repeat(random.nextInt(3) == 0 ? 2_000 : 20));
        if (random.nextInt(10) == 0) {
            w.put("ttl", true);
        }
        return w;
    }

    private WriteRequest request(JsonNode w, long id) {
        ((ObjectNode) w.get("value")).put("op", id);
        WriteRequest.Builder b = WriteRequest.builder(w.get("table").asText(), w.get("key").asText())
                .value(w.get("value"));
        if (w.has("ttl")) {
            b.ttl(Duration.ofHours(1));
        }
        if (w.has("ev")) {
            b.expectedVersion(w.get("ev").asLong());
        }
        return b.build();
    }

    private void put(long id, ObjectNode op) {
        write(op.put("t", "put"));
        if (random.nextInt(4) == 0) {
            Item current = db.get(op.get("table").asText(), op.get("key").asText()).orElse(null);
            long version = current == null ? 0 : current.version();
            op.put("ev", random.nextInt(5) == 0 ? version + 1 : version); // sometimes a deliberate conflict
        }
        execute(id, op, () -> String.valueOf(db.write(request(op, id))));
    }

    private void batch(long id, ObjectNode op) {
        op.put("t", "batch");
        var writes = op.putArray("writes");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
            ObjectNode w = write(WireJson.object());
            if (seen.add(w.get("table").asText() + "/" + w.get("key").asText())) {
                writes.add(w);
            }
        }
        executeBatch(id, op);
    }

    /**
     * One batch of {@link #BURST} writes to distinct keys among {@link #BURST_KEYS}: keys it creates reach the next
     * checkpoint as a list of records, and when more than 1,024 existing keys and half the table change at once, the
     * checkpoint finds them by revision instead of by tracked key.
     */
    private void burst(long id, ObjectNode op) {
        op.put("t", "batch");
        var writes = op.putArray("writes");
        String table = table(random.nextInt(TABLES));
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < BURST_KEYS; i++) {
            keys.add(i);
        }
        java.util.Collections.shuffle(keys, random);
        for (int k : keys.subList(0, BURST)) {
            ObjectNode w = writes.addObject().put("table", table).put("key", "b" + k);
            w.putObject("value").put("k", "b" + k);
        }
        executeBatch(id, op);
    }

    private void executeBatch(long id, ObjectNode op) {
        execute(id, op, () -> {
            List<WriteRequest> requests = new ArrayList<>();
            for (JsonNode w : op.get("writes")) {
                requests.add(request(w, id));
            }
            return db.writeBatch(requests).toString().replace(" ", "");
        });
    }

    private void delete(long id, ObjectNode op) {
        op.put("t", "delete").put("table", table(random.nextInt(TABLES))).put("key", "k" + random.nextInt(KEYS));
        execute(id, op, () -> String.valueOf(db.delete(op.get("table").asText(), op.get("key").asText())));
    }

    private interface Action {
        String run();
    }

    private void execute(long id, ObjectNode op, Action action) {
        out.println("B " + id + " " + WireJson.toString(op));
        out.flush();
        String line;
        try {
            line = "A " + id + " " + action.run();
        } catch (VersionConflictException e) {
            line = "C " + id;
        } catch (WriteInDoubtException e) {
            out.println("D " + id);
            out.flush();
            System.exit(10); // the database refuses writes until reopened: end this round
            return;
        } catch (MikroDBException e) {
            line = "F " + id + " " + e.getClass().getSimpleName();
            if (db != null && e.getMessage() != null && e.getMessage().contains("reopen")) {
                out.println(line);
                out.flush();
                System.exit(11);
            }
        }
        out.println(line);
        out.flush();
    }

    /** Arms one fault of the file layer: a failed or short write, a failed fsync, or a full disk for a while. */
    private void injectFault() {
        switch (random.nextInt(4)) {
            case 0 -> faults.failWrite(1 + random.nextInt(5), p -> p.getFileName().toString().startsWith("wal"));
            case 1 -> faults.failWrite(1 + random.nextInt(3), p -> p.getFileName().toString().endsWith(".tmp"));
            case 2 -> faults.failForce(1 + random.nextInt(10), p -> true);
            default -> {
                faults.fillDisk();
                Thread healer = new Thread(() -> {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ignored) {
                        return;
                    }
                    faults.heal();
                });
                healer.setDaemon(true);
                healer.start();
            }
        }
    }

    /** Concurrent reads: every value read must be one this harness wrote under that key. */
    private static void read(MikroDB db, Random random, PrintStream out) {
        while (true) {
            try {
                String table = table(random.nextInt(TABLES));
                if (random.nextBoolean()) {
                    String key = "k" + random.nextInt(KEYS);
                    db.get(table, key).ifPresent(item -> check(item, key, out));
                } else {
                    for (Item item : db.query(table, Query.all())) {
                        check(item, item.key(), out);
                    }
                }
            } catch (MikroDBException expected) {
                // faults and closing reach readers too
            } catch (RuntimeException e) {
                synchronized (out) {
                    out.println("R reader failed: " + e);
                    out.flush();
                }
            }
        }
    }

    private static void check(Item item, String key, PrintStream out) {
        JsonNode v = item.value();
        if (!key.equals(v.path("k").asText()) || !v.has("op") || item.version() < 1) {
            synchronized (out) {
                out.println("R bad read of " + key + ": " + item);
                out.flush();
            }
        }
    }
}
