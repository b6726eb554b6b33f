package dev.mikrodb.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Batching the records of a scan hands every record on exactly once, in order. */
class PrefetchingRecordsTest {
    private static ConcurrentHashMap<String, Record> records(int n) {
        ConcurrentHashMap<String, Record> map = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            // short and long values: the second touched line exists only in the long ones
            String json = i % 2 == 0 ? "1" : "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(100) + "\"}";
            map.put("k" + i, new Record("k" + i, json.getBytes(StandardCharsets.UTF_8), 1, 0, 0, 0, 0));
        }
        return map;
    }

    @Test
    void aSequentialWalkSeesTheSourceOrderThenStops() {
        ConcurrentHashMap<String, Record> map = records(PrefetchingRecords.BATCH * 3 + 5);
        List<Record> expected = new ArrayList<>(map.values());
        PrefetchingRecords batched = new PrefetchingRecords(map.values().spliterator());
        List<Record> seen = new ArrayList<>();
        while (batched.tryAdvance(seen::add)) {
            // the batch hands on each record once
        }
        assertEquals(expected, seen);
        assertFalse(batched.tryAdvance(seen::add));
    }

    @Test
    void aTableOfManyBatchesIsHandedOnWholeByForEachRemaining() {
        ConcurrentHashMap<String, Record> map = records(50_000);
        List<String> keys = new ArrayList<>();
        new PrefetchingRecords(map.values().spliterator()).forEachRemaining(r -> keys.add(r.key()));
        assertEquals(new ArrayList<>(map.keySet()), keys);
    }

    @Test
    void anEmptyTableHasNothing() {
        PrefetchingRecords batched = new PrefetchingRecords(new ConcurrentHashMap<String, Record>().values()
                .spliterator());
        assertFalse(batched.tryAdvance(r -> { }));
    }
}
