package dev.mikrodb.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.mikrodb.Durability;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.RawJson;
import dev.mikrodb.WriteRequest;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where a single write's cost goes as the table grows (issue 12's "write cost, 100k vs 1k items" row): random single
 * writes in {@code os} durability over N keys, in 1 s rounds, each printing the rate, the writer thread's CPU and
 * allocation per write, the collector's time and the whole process's CPU (the checkpointer runs beside the writer).
 * MikroDB only; it explains the JMH row, it does not replace it. {@code java -cp benchmarks.jar
 * dev.mikrodb.bench.WriteCost [keys] [rounds]}.
 */
public final class WriteCost {
    private static final int VALUES = 64;

    private WriteCost() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = Dataset.key(i);
        }
        byte[][] values = new byte[VALUES][];
        for (int i = 0; i < VALUES; i++) {
            values[i] = Dataset.value(i, 1);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Path dir = Files.createTempDirectory("mikrodb-writecost");
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).durability(Durability.OS)
                .build())) {
            for (int i = 0; i < keys; i++) {
                db.write(WriteRequest.of("users", names[i], RawJson.of(values[i % VALUES])));
            }
            SplittableRandom random = new SplittableRandom(42);
            for (int r = 0; r < rounds; r++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long allocated = threads.getCurrentThreadAllocatedBytes();
                long process = os.getProcessCpuTime();
                long collector = collectorMillis();
                long writes = 0;
                long started = System.nanoTime();
                long end = started + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    for (int j = 0; j < 1000; j++) {
                        db.write(WriteRequest.of("users", names[random.nextInt(keys)], RawJson.of(values[j % VALUES])));
                    }
                    writes += 1000;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long writerNanos = threads.getCurrentThreadCpuTime() - cpu;
                System.out.printf(Locale.ROOT, "%,d keys: %,.0f writes/s, writer CPU %d ms (%.2f µs/write), "
                                + "%d bytes/write, collector %d ms, process CPU %d ms%n", keys, writes / seconds,
                        writerNanos / 1_000_000, writerNanos / 1e3 / writes,
                        (threads.getCurrentThreadAllocatedBytes() - allocated) / writes, collectorMillis() - collector,
                        (os.getProcessCpuTime() - process) / 1_000_000);
            }
        } finally {
            StoreState.deleteTree(dir);
        }
    }

    private static long collectorMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += gc.getCollectionTime();
        }
        return total;
    }
}
