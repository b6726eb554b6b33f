package dev.mikrodb.internal.engine;

import dev.mikrodb.IndexSpec;
import dev.mikrodb.internal.index.Planner;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Automatic indexing, as JoystickDB describes it, off unless {@code autoIndexThreshold} is set: counts the equality
 * queries each field of each table receives while it has no index, and once a field passes the threshold asks for an
 * index on it ({@code auto_<field>}), built online in the background. A convenience with costs: each index adds
 * memory and write work, and a field queried often but written more may be better left unindexed.
 */
final class AutoIndexer {
    private final int threshold;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Consumer<Runnable> background;

    AutoIndexer(int threshold, Consumer<Runnable> background) {
        this.threshold = threshold;
        this.background = background;
    }

    boolean enabled() {
        return threshold > 0;
    }

    /** A query on {@code table} scanned: counts its equality paths, requesting an index for those past the threshold. */
    void scanned(String table, com.fasterxml.jackson.databind.JsonNode filter, boolean mongo, IndexService indexes) {
        if (!enabled() || filter == null) {
            return;
        }
        for (String path : Planner.equalityPaths(filter, mongo)) {
            String key = table + "/" + path;
            LongAdder n = counts.computeIfAbsent(key, k -> new LongAdder());
            n.increment();
            if (n.sum() > threshold && requested.add(key)) {
                background.accept(() -> indexes.create(table, IndexSpec.on(path).named("auto_"
                        + path.replace('.', '_'))));
            }
        }
    }

    /** Counted equality queries per {@code table/path} (names as stored), and which were indexed. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
