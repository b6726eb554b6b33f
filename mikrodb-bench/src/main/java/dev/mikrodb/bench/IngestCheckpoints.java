package dev.mikrodb.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.mikrodb.Durability;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.RawJson;
import dev.mikrodb.WriteRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the background checkpoints cost the ingest row (issue 12; docs/benchmarks.md, twenty-fifth and twenty-sixth
 * passes): the row's 1,000,000 items in batches of 1,000, in rounds alternating the default options with checkpoints
 * held off (no ingest reaches their thresholds; close then writes everything). Each round prints the ingest's time,
 * the process's CPU during it (the checkpointer runs on the other core) and the close's time; the first round also
 * pays the compiler's warm-up. The requests are made before the timing, unlike the JMH row's, so the collector has
 * less to do: it explains the row, it does not replace it. {@code java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp
 * benchmarks.jar dev.mikrodb.bench.IngestCheckpoints [rounds]}.
 */
public final class IngestCheckpoints {
    private static final int ITEMS = 1_000_000;
    private static final int BATCH = 1_000;

    private IngestCheckpoints() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < ITEMS; from += BATCH) {
            List<WriteRequest> batch = new ArrayList<>(BATCH);
            for (int i = from; i < from + BATCH; i++) {
                batch.add(WriteRequest.of("users", Dataset.key(i), RawJson.of(Dataset.value(i, 1))));
            }
            batches.add(batch);
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int r = 0; r < rounds; r++) {
            for (boolean heldOff : new boolean[] {false, true}) {
                Path dir = Files.createTempDirectory("mikrodb-ingest-checkpoints");
                MikroOptions.Builder options = MikroOptions.builder().databaseDirectory(dir)
                        .durability(Durability.OS);
                if (heldOff) {
                    options.maxWriteOpsBeforeFlush(Integer.MAX_VALUE).walIntervalMillis(3_600_000)
                            .maxWalBytes(1L << 40);
                }
                MikroDB db = MikroDB.open(options.build());
                long cpu = os.getProcessCpuTime();
                long started = System.nanoTime();
                for (List<WriteRequest> batch : batches) {
                    db.writeBatch(batch);
                }
                long ingested = System.nanoTime();
                cpu = os.getProcessCpuTime() - cpu;
                db.close();
                long closed = System.nanoTime();
                StoreState.deleteTree(dir);
                System.out.printf(Locale.ROOT, "round %d, %-22s ingest %5.0f ms (process CPU %5.0f ms), close %5.0f"
                        + " ms%n", r + 1, heldOff ? "checkpoints held off:" : "default options:",
                        (ingested - started) / 1e6, cpu / 1e6, (closed - ingested) / 1e6);
            }
        }
    }
}
