package dev.mikrodb.bench;

import dev.mikrodb.server.KeyDigest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's key comparison takes the same time whatever the presented key has in common with the real one: a
 * wrong first character, a wrong last character, the right key, a prefix. Equal rows are the evidence (docs/security.md);
 * a unit test cannot time this reliably, a benchmark can.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyCheckBenchmark {
    private static final String KEY = "mk_Zr1bV0m9qJ8xWcYkLp2sT4uN6aE3dH5fG7iK9oQ1rS3";

    @Param({"right", "wrongFirst", "wrongLast", "prefix"})
    String presented;

    private KeyDigest digest;
    private String candidate;

    @Setup
    public void setUp() {
        digest = new KeyDigest(KEY);
        candidate = switch (presented) {
            case "right" -> KEY;
            case "wrongFirst" -> "X" + KEY.substring(1);
            case "wrongLast" -> KEY.substring(0, KEY.length() - 1) + "X";
            default -> KEY.substring(0, 20);
        };
    }

    @Benchmark
    public boolean compare() {
        return digest.matches(candidate);
    }
}
