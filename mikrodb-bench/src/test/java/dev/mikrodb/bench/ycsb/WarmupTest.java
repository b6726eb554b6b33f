package dev.mikrodb.bench.ycsb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mikrodb.Item;
import dev.mikrodb.MikroDB;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * The YCSB binding's warm-up, as {@code bin/ycsb} runs it: through the typed client and a server in this JVM, on a
 * real directory, with YCSB's own sequence of calls (properties, then init on each thread, then cleanup).
 */
class WarmupTest {
    private static final int RECORDS = 40;

    @TempDir
    Path dir;

    @Test
    void aWarmUpWithUpdatesLeavesEveryRecordAsLoaded() throws Exception {
        load();
        Map<String, Map<String, String>> loaded = readAll(properties(0));

        EngineBinding warmed = session(properties(0.3), "0.5");
        Map<String, Map<String, String>> after = new HashMap<>();
        for (String key : loaded.keySet()) {
            after.put(key, read(warmed, key));
        }
        warmed.cleanup();

        assertEquals(loaded, after);
        assertTrue(versionsAbove1() > 0, "the warm-up wrote back some records");
    }

    @Test
    void aReadOnlyWorkloadIsWarmedWithReadsOnly() throws Exception {
        load();
        EngineBinding warmed = session(properties(0.3), "0");
        warmed.cleanup();
        assertEquals(0, versionsAbove1());
    }

    @Test
    void aWarmUpWithNothingLoadedFailsAndClosesTheEngine() {
        EngineBinding binding = new EngineBinding();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> binding.setProperties(properties(0.3)));
        assertTrue(e.getMessage().contains("load the records first"), e.getMessage());
        try (MikroDB db = MikroDB.open(dir)) { // the directory's lock was let go with the engine
            assertEquals(0, db.tableSize("users"));
        }
    }

    private void load() throws Exception {
        EngineBinding loader = session(properties(0), "0");
        for (int i = 0; i < RECORDS; i++) {
            Map<String, ByteIterator> fields = new HashMap<>();
            fields.put("field0", new StringByteIterator("value " + i));
            fields.put("field1", new StringByteIterator("other " + i));
            assertEquals(Status.OK, loader.insert("usertable", key(i), fields));
        }
        loader.cleanup();
    }

    private Map<String, Map<String, String>> readAll(Properties p) throws Exception {
        EngineBinding reader = session(p, "0");
        Map<String, Map<String, String>> all = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
            all.put(key(i), read(reader, key(i)));
        }
        reader.cleanup();
        return all;
    }

    private static Map<String, String> read(EngineBinding binding, String key) {
        Map<String, ByteIterator> record = new HashMap<>();
        assertEquals(Status.OK, binding.read("usertable", key, null, record));
        return StringByteIterator.getStringMap(record);
    }

    /** One binding as YCSB makes it: properties on the main thread (the warm-up runs there), then init. */
    private static EngineBinding session(Properties p, String updateProportion) throws Exception {
        p.setProperty("updateproportion", updateProportion);
        EngineBinding binding = new EngineBinding();
        binding.setProperties(p);
        binding.init();
        return binding;
    }

    private Properties properties(double warmupSeconds) {
        Properties p = new Properties();
        p.setProperty("mikrodb.engine", "mikrodb-remote");
        p.setProperty("mikrodb.dir", dir.toString());
        p.setProperty("threadcount", "4");
        p.setProperty(Warmup.SECONDS_PROPERTY, Double.toString(warmupSeconds));
        return p;
    }

    private long versionsAbove1() {
        try (MikroDB db = MikroDB.open(dir)) {
            long count = 0;
            for (int i = 0; i < RECORDS; i++) {
                count += db.get("users", key(i)).map(Item::version).orElseThrow() > 1 ? 1 : 0;
            }
            return count;
        }
    }

    private static String key(int i) {
        return String.format("user%04d", i);
    }
}
