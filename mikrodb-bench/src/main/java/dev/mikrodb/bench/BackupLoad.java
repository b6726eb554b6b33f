package dev.mikrodb.bench;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Write latency with and without a backup running, and backup throughput (issue 16): 8 writer threads at full speed
 * on a 200,000-item database; p99 of single writes over a quiet phase, then over a phase in which backups are taken
 * back to back. {@code java -cp benchmarks.jar dev.mikrodb.bench.BackupLoad [seconds]}.
 */
public final class BackupLoad {
    private BackupLoad() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        Path dir = Files.createTempDirectory("mikrodb-backup-load");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir.resolve("data")).build())) {
            for (int i = 0; i < 200_000; i++) {
                db.write("users", Dataset.key(i), new String(Dataset.value(i, 1), StandardCharsets.UTF_8));
            }
            db.flush();
            long[] quiet = phase(db, seconds, null, null);
            List<BackupInfo> taken = new ArrayList<>();
            long[] during = phase(db, seconds, backups, taken);
            long bytes = taken.stream().mapToLong(BackupInfo::sizeBytes).sum();
            long millis = taken.stream().mapToLong(BackupInfo::durationMillis).sum();
            long dataBytes = db.stats(false).storage().totalBytes();
            System.out.printf("writes without a backup: %d in %.0f s, p50 %.1f us, p99 %.1f us%n", quiet.length,
                    seconds, pct(quiet, 0.50), pct(quiet, 0.99));
            System.out.printf("writes during backups:   %d in %.0f s, p50 %.1f us, p99 %.1f us (p99 %.2fx)%n",
                    during.length, seconds, pct(during, 0.50), pct(during, 0.99), pct(during, 0.99) / pct(quiet, 0.99));
            System.out.printf("backups: %d taken, %.1f MB of archive in %d ms (%.1f MB/s of archive; database now "
                    + "%.1f MB on disk)%n", taken.size(), bytes / 1e6, millis, bytes / 1e6 / (millis / 1e3),
                    dataBytes / 1e6);
        } finally {
            StoreState.deleteTree(dir);
        }
    }

    /** Single writes from 8 threads for {@code seconds}; backups back to back meanwhile when {@code backups} is set. */
    private static long[] phase(MikroDB db, double seconds, Path backups, List<BackupInfo> taken) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] latencies = new long[8][];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int id = w;
            threads.add(new Thread(() -> {
                long[] lat = new long[1 << 22];
                int n = 0;
                SplittableRandom r = new SplittableRandom(id);
                while (!stop.get() && n < lat.length) {
                    int i = r.nextInt(200_000);
                    long start = System.nanoTime();
                    db.write("users", Dataset.key(i), new String(Dataset.value(i, 2), StandardCharsets.UTF_8));
                    lat[n++] = System.nanoTime() - start;
                }
                latencies[id] = Arrays.copyOf(lat, n);
            }));
        }
        threads.forEach(Thread::start);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            if (backups != null) {
                BackupInfo b = db.backup(backups);
                taken.add(b);
                Files.delete(b.file());
            } else {
                Thread.sleep(50);
            }
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1000.0;
    }
}
