package dev.mikrodb.bench.ycsb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.bench.EngineAccess;
import dev.mikrodb.bench.Workers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import site.ycsb.ByteIterator;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * Runs the workload's reads and updates against the loaded records for {@code mikrodb.warmup.seconds} before YCSB
 * starts its clock, from as many threads as the run has, through the binding's own methods: the JIT compiles the
 * client's and the server's paths first, as {@code bin/bench-http} warms each wrk target for 6 s before it measures.
 * On two cores a cold JVM spent most of its first 15 s compiling (a third of the machine's CPU), which a run of a
 * million operations counted against the client and wrk's runs did not.
 *
 * <p>An update writes back a field's current value, so the records are as loaded afterwards; a read-only workload
 * (no update, insert or read-modify-write proportion) is warmed with reads only.
 */
final class Warmup {
    static final String SECONDS_PROPERTY = "mikrodb.warmup.seconds";
    /** The keys warmed: the first page of the table in key order, enough to spread over the table's buckets. */
    private static final int KEYS = 1000;

    private Warmup() {
    }

    /** Warms {@code engine} as the run in {@code p} will use it; does nothing without the property. */
    static void run(EngineAccess engine, Properties p) throws Exception {
        double seconds = Double.parseDouble(p.getProperty(SECONDS_PROPERTY, "0"));
        if (seconds <= 0) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode record : engine.scan("", KEYS)) {
            keys.add(record.path("_key").asText());
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("nothing to warm up on: load the records first");
        }
        double writes = proportion(p, "updateproportion", "0.05") + proportion(p, "insertproportion", "0")
                + proportion(p, "readmodifywriteproportion", "0");
        int threads = Integer.parseInt(p.getProperty("threadcount", "1"));
        EngineBinding[] bindings = new EngineBinding[threads];
        for (int t = 0; t < threads; t++) {
            bindings[t] = new EngineBinding(engine);
        }
        Workers.repeatFor("warmup", threads, seconds, (worker, i) -> warm(bindings[worker], keys, writes));
        engine.checkpoint(); // the warm-up's writes do not wait in the log for a checkpoint during the run
    }

    /** One read of a random key, and in the workload's write proportion an update writing back a field's value. */
    private static void warm(EngineBinding binding, List<String> keys, double writes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String key = keys.get(random.nextInt(keys.size()));
        Map<String, ByteIterator> record = new HashMap<>();
        check(binding.read("usertable", key, null, record), key);
        if (random.nextDouble() < writes && !record.isEmpty()) {
            Map.Entry<String, ByteIterator> field = record.entrySet().iterator().next();
            check(binding.update("usertable", key,
                    Map.of(field.getKey(), new StringByteIterator(field.getValue().toString()))), key);
        }
    }

    private static void check(Status status, String key) {
        if (!status.isOk()) {
            throw new IllegalStateException("warm-up operation on '" + key + "' answered " + status);
        }
    }

    private static double proportion(Properties p, String name, String fallback) {
        return Double.parseDouble(p.getProperty(name, fallback));
    }
}
