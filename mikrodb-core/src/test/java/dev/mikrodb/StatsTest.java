package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: stats are real figures of a known load, never constants. */
class StatsTest {
    @TempDir
    Path dir;

    @Test
    void statsCountAKnownLoad() throws Exception {
        // Sync durability: every write waits for an fsync of the log. In os mode a background checkpoint may cover
        // every record first, and then flushWAL rightly has nothing to force.
        try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).durability(Durability.SYNC)
                .build())) {
            for (int i = 0; i < 1_000; i++) {
                db.write("t", "k" + i, "value " + i);
            }
            db.inDatabase("shop").write("orders", "o1", 1);
            for (int i = 0; i < 500; i++) {
                db.get("t", "k" + i);
            }
            for (int i = 0; i < 10; i++) {
                db.query("t", Query.all());
            }
            for (int i = 0; i < 5; i++) {
                db.delete("t", "k" + i);
            }
            assertThrows(ValidationException.class, () -> db.write("t", "", 1));
            Subscription sub = db.subscribe("t", e -> { });
            db.flush();
            MikroStats s = db.stats();
            assertEquals(1_002, s.operations().get("write").total(), "1,001 writes and one refused");
            assertEquals(1, s.operations().get("write").errors());
            assertEquals(500, s.operations().get("get").total());
            assertEquals(10, s.operations().get("query").total());
            assertEquals(5, s.operations().get("delete").total());
            MikroStats.Operation writes = s.operations().get("write");
            assertEquals(1_002 / 60.0, writes.perSecondLastMinute(), 1e-9);
            assertTrue(writes.p50MicrosLastMinute() > 0 && writes.p99MicrosLastMinute() >= writes
                    .p50MicrosLastMinute(), writes.toString());
            assertEquals(1_002, writes.latencyBuckets().stream().mapToLong(Long::longValue).sum());
            assertEquals(2, s.data().databases());
            assertEquals(2, s.data().tables());
            assertEquals(996, s.data().items());
            assertTrue(s.storage().bytesByTable().get("t") > 0, s.storage().toString());
            assertTrue(s.storage().bytesByDatabase().get("shop") > 0, s.storage().toString());
            long onDisk = 0;
            try (var files = Files.walk(dir)) { // the change feed's changes/ included
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    onDisk += Files.size(p);
                }
            }
            assertEquals(onDisk, s.storage().totalBytes());
            assertTrue(s.storage().checkpoints() >= 1 && s.storage().lastCheckpointMillis() > 0, s.storage()
                    .toString());
            assertTrue(s.storage().fsyncs() >= 1 && s.storage().walBytesAppended() > 1_000 * 10);
            assertTrue(s.cache().hits() >= 500, s.cache().toString());
            assertEquals(1, s.subscribers().count());
            assertEquals(db.revision(), s.revision());
            sub.close();
        }
    }
}
