package dev.mikrodb.bench.ycsb;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The warm-up's end, asked after each of its rounds: go on for at least a minimum time, then until the JIT has compiled
 * for less than a quiet threshold ({@link #QUIET_MILLIS} in the warm-up) in the last round, and never past a maximum.
 * A fixed time was not enough on two cores: with the machine busy the compiler threads get a small share, and in
 * workload B they were still compiling for a second in every second 22 s after the start, so a 10 s warm-up left that
 * work, at a third of a core, inside the measured run.
 */
final class UntilCompilerQuiet {
    static final long QUIET_MILLIS = 50;

    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final long start = System.nanoTime();
    private final long minimumEnd;
    private final long maximumEnd;
    private final long quietMillis;
    private long compiledAtRoundStart;
    private long lastRoundCompiledMillis = -1;

    UntilCompilerQuiet(double minimumSeconds, double maximumSeconds, long quietMillis) {
        if (!compiler.isCompilationTimeMonitoringSupported()) {
            throw new IllegalStateException("this JVM does not report its JIT compilation time; the warm-up needs it");
        }
        this.minimumEnd = start + (long) (minimumSeconds * 1e9);
        this.maximumEnd = start + (long) (Math.max(minimumSeconds, maximumSeconds) * 1e9);
        this.quietMillis = quietMillis;
        this.compiledAtRoundStart = compiler.getTotalCompilationTime();
    }

    /** Ends a round: answers whether to run another. */
    boolean anotherRound() {
        long now = System.nanoTime();
        long compiled = compiler.getTotalCompilationTime();
        lastRoundCompiledMillis = compiled - compiledAtRoundStart;
        compiledAtRoundStart = compiled;
        return now < maximumEnd && (now < minimumEnd || lastRoundCompiledMillis >= quietMillis);
    }

    /** How long the warm-up ran so far, in seconds. */
    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The JIT's compilation time in the last round, in milliseconds; -1 before the first ended. */
    long lastRoundCompiledMillis() {
        return lastRoundCompiledMillis;
    }
}
