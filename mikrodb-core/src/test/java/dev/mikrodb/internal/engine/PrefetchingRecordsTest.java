package dev.mikrodb.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mikrodb.internal.storage.StoredItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Batching the records of a scan hands every record on exactly once, in order, whole or split across threads. */
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
            if (seen.size() == 1) {
                assertNull(batched.trySplit(), "a batch is under way");
            }
        }
        assertEquals(expected, seen);
        assertFalse(batched.tryAdvance(seen::add));
    }

    @Test
    void aParallelStreamSeesEveryRecordOnce() {
        ConcurrentHashMap<String, Record> map = records(50_000);
        Spliterator<Record> batched = new PrefetchingRecords(map.values().spliterator());
        List<String> keys = StreamSupport.stream(batched, true).map(StoredItem::key).collect(Collectors.toList());
        assertEquals(map.size(), keys.size());
        assertEquals(map.keySet(), Set.copyOf(keys));
    }

    @Test
    void anEmptyTableHasNothing() {
        PrefetchingRecords batched = new PrefetchingRecords(new ConcurrentHashMap<String, Record>().values()
                .spliterator());
        assertFalse(batched.tryAdvance(r -> { }));
    }
}
