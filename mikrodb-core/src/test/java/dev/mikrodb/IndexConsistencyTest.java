package dev.mikrodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After many random operations (writes, deletes, batches, drops and re-creations, with crash copies reopened along
 * the way) every index holds exactly the entries one rebuilt from the items would: its entry count matches, and
 * every value's lookup through the index returns what a scan returns. Prints the seed; -Dmikrodb.test.seed=N reruns.
 */
class IndexConsistencyTest {
    @TempDir
    Path dir;

    @Test
    void indexesEqualIndexesRebuiltFromScratch() {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Path live = dir.resolve("live");
        MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).maxWriteOpsBeforeFlush(200).build());
        try {
            index(db);
            int ops = Integer.getInteger("mikrodb.index.ops", 50_000); // 1,000,000 outside CI
            for (int op = 1; op <= ops; op++) {
                String key = "k" + random.nextInt(2_000);
                switch (random.nextInt(10)) {
                    case 0, 1 -> db.delete("t", key);
                    case 2 -> {
                        List<WriteRequest> batch = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            batch.add(WriteRequest.of("t", "k" + random.nextInt(2_000), value(random)));
                        }
                        try {
                            db.writeBatch(batch);
                        } catch (UniqueIndexViolationException expected) {
                            // the unique index refused the batch: nothing of it was written
                        }
                    }
                    default -> {
                        try {
                            db.write("t", key, value(random));
                        } catch (UniqueIndexViolationException expected) {
                            // refused, written nothing
                        }
                    }
                }
                if (op % 10_000 == 0) {
                    check(db, seed);
                    Path copy = dir.resolve("crash" + op);
                    FaultInjectionTest.crashCopy(live, copy);
                    try (MikroDB reopened = MikroDB.open(copy)) {
                        check(reopened, seed);
                    }
                }
                if (op == ops / 2) {
                    db.close();
                    db = MikroDB.open(MikroOptions.builder().databaseDirectory(live).maxWriteOpsBeforeFlush(200)
                            .build());
                }
            }
            check(db, seed);
        } finally {
            db.close();
        }
    }

    private static void index(MikroDB db) {
        db.createIndex("t", IndexSpec.on("n"));
        db.createIndex("t", IndexSpec.on("tags"));
        db.createIndex("t", IndexSpec.on("code").asUnique().asSparse());
    }

    private static Map<String, Object> value(Random random) {
        Map<String, Object> v = new java.util.HashMap<>();
        v.put("n", random.nextInt(50));
        v.put("tags", List.of("t" + random.nextInt(5), "t" + random.nextInt(5)));
        if (random.nextInt(3) == 0) {
            v.put("code", "c" + random.nextInt(3_000));
        }
        return v;
    }

    private static void check(MikroDB db, long seed) {
        List<Item> items = db.getAll("t");
        long tagEntries = 0;
        long codeEntries = 0;
        for (Item item : items) {
            JsonNode v = item.value();
            tagEntries += v.get("tags").get(0).equals(v.get("tags").get(1)) ? 1 : 2;
            codeEntries += v.has("code") ? 1 : 0;
        }
        Map<String, Long> expected = Map.of("n_1", (long) items.size(), "tags_1", tagEntries, "code_1", codeEntries);
        for (IndexInfo info : db.indexes("t")) {
            assertEquals(expected.get(info.spec().name()), info.entries(), "seed " + seed + ": entries of "
                    + info.spec().name());
        }
        for (String filter : new String[] {"{\"n\": 7}", "{\"tags\": \"t3\"}", "{\"code\": \"c42\"}",
            "{\"n\": {\"operator\": \"between\", \"value\": [10, 12]}}"}) {
            Explained viaIndex = db.explain("t", Query.builder().filter(filter).build());
            JsonNode f = dev.mikrodb.internal.json.Json.parseUserJson(filter, "filter");
            long scanned = db.query("t", Query.builder().filter((Filter) v -> Query.builder().filter(f).build()
                    .filter().matches(v)).build()).size();
            assertEquals(scanned, viaIndex.results().size(), "seed " + seed + ": " + filter + " through "
                    + viaIndex.plan().index());
        }
    }
}
