package dev.mikrodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes {@code items} documents into a new database of an engine and closes it. */
final class StoreStateLoader {
    private StoreStateLoader() {
    }

    static void createClosed(String engine, int items, Path dir) throws Exception {
        try (Engine e = Engine.create(engine)) {
            e.open(dir, false);
            for (int from = 0; from < items; from += 1000) {
                List<String> k = new ArrayList<>();
                List<byte[]> v = new ArrayList<>();
                List<JsonNode> t = new ArrayList<>();
                for (int i = from; i < Math.min(items, from + 1000); i++) {
                    k.add(Dataset.key(i));
                    v.add(Dataset.value(i, 1));
                    t.add(BenchJson.parse(v.get(v.size() - 1)));
                }
                e.putBatch(k, v, t);
            }
            e.checkpoint();
        }
    }
}
