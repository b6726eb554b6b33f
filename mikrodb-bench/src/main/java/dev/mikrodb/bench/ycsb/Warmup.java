package dev.mikrodb.bench.ycsb;

import dev.mikrodb.bench.EngineAccess;
import dev.mikrodb.bench.Workers;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.htrace.core.HTraceConfiguration;
import org.apache.htrace.core.Tracer;
import site.ycsb.DBWrapper;
import site.ycsb.Status;
import site.ycsb.measurements.Measurements;
import site.ycsb.workloads.CoreWorkload;

/**
 * Runs the workload itself against the loaded records before YCSB starts its clock, from as many threads as the run
 * has: the JIT compiles YCSB's, the client's and the server's paths first, as {@code bin/bench-http} warms each wrk
 * target before it measures. It runs in rounds of a second for {@code mikrodb.warmup.seconds}, then until the compiler
 * goes quiet (see {@link UntilCompilerQuiet}), at most {@code mikrodb.warmup.max.seconds} (default four times the
 * minimum).
 *
 * <p>The calls are the run's own: YCSB's {@link CoreWorkload} from the run's properties, through YCSB's
 * {@link DBWrapper} around this binding, the classes the run's threads use. A 10 s warm-up of the binding's own reads
 * and updates left workload B compiling for 10-20 s of the run; a 40 s one still left 6 s, because code compiled for
 * what the warm-up had shown was thrown away when the run's classes, threads and connections arrived (see
 * {@link #round}). The warm-up's workloads and wrappers record into {@link Measurements} of their own, never into the
 * run's, and every call must have answered OK (see {@link CallCounts}). Each round's inserted records are deleted after
 * it, so the table holds the loaded keys, some with updated values, as any run leaves it.
 */
final class Warmup {
    static final String SECONDS_PROPERTY = "mikrodb.warmup.seconds";
    static final String MAX_SECONDS_PROPERTY = "mikrodb.warmup.max.seconds";
    private static final double ROUND_SECONDS = 1;

    private Warmup() {
    }

    /** Warms {@code engine} as the run in {@code p} will use it; does nothing without the property. */
    static void run(EngineAccess engine, Properties p) throws Exception {
        double seconds = Double.parseDouble(p.getProperty(SECONDS_PROPERTY, "0"));
        if (seconds <= 0) {
            return;
        }
        if (engine.scan("", 1).isEmpty()) {
            throw new IllegalStateException("nothing to warm up on: load the records first");
        }
        String workloadClass = p.getProperty("workload", CoreWorkload.class.getName());
        if (!workloadClass.equals(CoreWorkload.class.getName())) {
            throw new IllegalArgumentException("the warm-up runs YCSB's CoreWorkload only, not " + workloadClass);
        }
        int threads = Integer.parseInt(p.getProperty("threadcount", "1"));
        Tracer tracer = new Tracer.Builder("YCSB warm-up").conf(HTraceConfiguration.fromMap(Map.of())).build();
        UntilCompilerQuiet until = new UntilCompilerQuiet(seconds,
                Double.parseDouble(p.getProperty(MAX_SECONDS_PROPERTY, Double.toString(4 * seconds))),
                UntilCompilerQuiet.QUIET_MILLIS);
        long operations = 0;
        do {
            operations += round(engine, p, tracer, threads);
        } while (until.anotherRound());
        System.err.printf("warm-up: %.1f s, %,d operations, JIT %d ms in its last round%n",
                until.elapsedSeconds(), operations, until.lastRoundCompiledMillis());
    }

    /**
     * One second of the workload, then its inserts deleted and a checkpoint, on new threads through a new workload and
     * new wrappers recording into new measurements, as the run starts its own. Code that meets a thread, a connection
     * or a measurement for the first time (empty thread-locals, a connection's first request, an operation's first
     * count) runs in every round, and so do the deletes and the checkpoint, so the run's first calls find all of it
     * compiled rather than throw away code compiled without it. A new workload inserts from the loaded count again, so
     * no round reads a key an earlier one deleted.
     */
    private static long round(EngineAccess engine, Properties p, Tracer tracer, int threads) throws Exception {
        Measurements own = new Measurements(p);
        CoreWorkload workload = recordingInto(own, () -> {
            CoreWorkload w = new CoreWorkload();
            w.init(p);
            return w;
        });
        DBWrapper[] wrappers = new DBWrapper[threads];
        Object[] states = new Object[threads];
        for (int t = 0; t < threads; t++) {
            wrappers[t] = recordingInto(own, () -> new DBWrapper(new EngineBinding(engine, p), tracer));
            wrappers[t].init(); // reads the run's properties on errors, as the run's wrappers do
            states[t] = workload.initThread(p, t, threads);
        }
        long operations = Workers.repeatFor("warmup", threads, ROUND_SECONDS,
                (worker, i) -> workload.doTransaction(wrappers[worker], states[worker]));
        workload.cleanup();
        CallCounts calls = CallCounts.in(own);
        if (!calls.failures().isEmpty()) {
            throw new IllegalStateException("warm-up calls did not answer OK: " + calls.failures());
        }
        deleteAll(new EngineBinding(engine, p), InsertedKeys.of(p, calls.inserts()), threads);
        engine.checkpoint(); // the round's writes do not wait in the log for a checkpoint during the run
        return operations;
    }

    /**
     * Makes YCSB objects that take the shared {@link Measurements} when constructed (CoreWorkload and DBWrapper keep it
     * in a private field; YCSB 0.17 has no other way to hand them one) with {@code own} in its place.
     */
    private static <T> T recordingInto(Measurements own, Callable<T> make) throws Exception {
        Field singleton = Measurements.class.getDeclaredField("singleton");
        singleton.setAccessible(true);
        synchronized (Measurements.class) { // getMeasurements() is a static synchronized method
            Object shared = singleton.get(null);
            singleton.set(null, own);
            try {
                return make.call();
            } finally {
                singleton.set(null, shared);
            }
        }
    }

    /** Deletes {@code keys} from {@code threads} threads, each taking the next key not yet taken. */
    private static void deleteAll(EngineBinding binding, List<String> keys, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Workers.repeatWhile("warmup-undo", threads, () -> next.get() < keys.size(), (worker, i) -> {
            int index = next.getAndIncrement();
            if (index < keys.size()) {
                Status status = binding.delete("usertable", keys.get(index));
                if (!status.isOk()) {
                    throw new IllegalStateException("deleting the warm-up's record " + keys.get(index)
                            + " answered " + status);
                }
            }
        });
    }
}
