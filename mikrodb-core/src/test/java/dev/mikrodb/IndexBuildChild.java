package dev.mikrodb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child process for {@link IndexBuildCrashTest}: fills a table (when empty), announces {@code BUILDING}, builds an
 * index online while a writer thread keeps writing, and announces {@code BUILT} when done.
 */
public final class IndexBuildChild {
    private IndexBuildChild() {
    }

    public static void main(String[] args) {
        MikroDB db = MikroDB.open(Path.of(args[0]));
        if (db.tableSize("t") == 0) {
            for (int from = 0; from < 100_000; from += 1_000) {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    batch.add(WriteRequest.of("t", "k" + i, Map.of("n", i % 997, "s", "v" + i)));
                }
                db.writeBatch(batch);
            }
        }
        Thread writer = new Thread(() -> {
            for (long i = 0; ; i++) {
                db.write("t", "w" + (i % 5_000), Map.of("n", (int) (i % 997)));
            }
        });
        writer.setDaemon(true);
        writer.start();
        System.out.println("BUILDING");
        System.out.flush();
        db.createIndex("t", IndexSpec.on("n"));
        System.out.println("BUILT");
        System.out.flush();
    }
}
