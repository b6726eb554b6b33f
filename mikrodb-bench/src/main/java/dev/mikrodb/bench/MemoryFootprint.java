package dev.mikrodb.bench;

import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Query;
import dev.mikrodb.WriteRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Heap bytes per item of a loaded table, against the raw JSON size. */
final class MemoryFootprint {
    /** Bytes per item: as a key-value table, and after a filter query has run over it (values stay bytes). */
    record Result(int items, double rawJsonBytesPerItem, double loadedBytesPerItem, double queriedBytesPerItem) {
    }

    private MemoryFootprint() {
    }

    static Result measure(int items) throws Exception {
        Path dir = Files.createTempDirectory("mikrodb-memory");
        long rawBytes = 0;
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build())) {
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                byte[] v = Dataset.value(i, 1);
                rawBytes += v.length;
                batch.add(WriteRequest.of("users", Dataset.key(i), BenchJson.parse(v)));
                if (batch.size() == 1000) {
                    db.writeBatch(batch);
                    batch.clear();
                }
            }
        }
        try (MikroDB db = MikroDB.open(dir)) {
            long before = usedHeap();
            db.tableSize("users"); // loads the table from its file (a get is answered from the file unloaded)
            long loaded = usedHeap();
            db.query("users", Query.builder().filter(Dataset.FILTER_JSON).build()); // parses every value once
            long queried = usedHeap();
            return new Result(items, (double) rawBytes / items, (double) (loaded - before) / items,
                    (double) (queried - before) / items);
        } finally {
            StoreState.deleteTree(dir);
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
