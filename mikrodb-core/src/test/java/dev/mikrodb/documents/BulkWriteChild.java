package dev.mikrodb.documents;

import dev.mikrodb.BulkOperation;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Child process for {@link DocumentCrashTest}: runs bulk writes forever and prints {@code ACK b} after batch b is
 * acknowledged. Batch b inserts three documents {@code b<b>-0..2} marked {@code batch: b} and increments the
 * counter document; the parent checks that every batch is whole or absent and the counter agrees. A restarted child
 * carries on after the last batch present.
 *
 * <p>Arguments: directory.
 */
public final class BulkWriteChild {
    static final int DOCS_PER_BATCH = 3;

    private BulkWriteChild() {
    }

    public static void main(String[] args) {
        MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(Path.of(args[0]))
                .walIntervalMillis(15).maxWriteOpsBeforeFlush(40).build());
        DocumentCollection docs = db.database("crash").collection("docs");
        // Batches present are 0..n-1, n being the counter they all increment: carry on from there.
        long first = docs.findOne("{\"_id\": \"counter\"}").map(c -> c.get("n").asLong()).orElse(0L);
        for (long b = first; ; b++) {
            List<BulkOperation> ops = new java.util.ArrayList<>();
            for (int i = 0; i < DOCS_PER_BATCH; i++) {
                ops.add(new BulkOperation.InsertOne(Map.of("_id", "b" + b + "-" + i, "batch", b, "i", i)));
            }
            ops.add(new BulkOperation.UpdateOne(Map.of("_id", "counter"), Map.of("$inc", Map.of("n", 1)), true));
            docs.bulkWrite(ops);
            System.out.println("ACK " + b);
            System.out.flush();
        }
    }
}
