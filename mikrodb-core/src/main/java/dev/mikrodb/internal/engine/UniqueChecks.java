package dev.mikrodb.internal.engine;

import dev.mikrodb.UniqueIndexViolationException;
import dev.mikrodb.internal.index.TableIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The index checks of one {@link CommitBatch}, made as each put is staged, before anything is written: every index
 * can hold the new value (no parallel arrays), and no unique index would hold a value twice, counting the items as
 * the batch leaves them (a key the batch moves off a value frees it; two puts of the batch claiming one value
 * conflict).
 */
final class UniqueChecks {
    /** Per table and unique index: the value tuples each key of this batch holds once the batch applies. */
    private final Map<String, Map<String, List<Object[]>>> claims = new HashMap<>();
    /** The live record of a key as the batch sees it (staged changes applied), or null. */
    private final BiFunction<String, String, Record> live;

    UniqueChecks(BiFunction<String, String, Record> live) {
        this.live = live;
    }

    void beforePut(Table t, String key, byte[] json) {
        for (TableIndex index : t.indexes.maintained()) {
            if (!index.checksWrites()) {
                continue; // nothing to refuse: the value is read once, when the index takes it
            }
            List<Object[]> tuples = index.tuples(json); // refuses what the index cannot hold
            if (!index.spec().unique()) {
                continue;
            }
            Map<String, List<Object[]>> batch = claims.computeIfAbsent(t.name + '\u0000' + index.name(),
                    k -> new HashMap<>());
            for (Object[] tuple : tuples) {
                for (String holder : index.holders(tuple, key)) {
                    Record r = live.apply(t.name, holder);
                    if (r != null && holds(index, r.value(), tuple)) {
                        throw violation(t, index, tuple, holder, key);
                    }
                }
                for (Map.Entry<String, List<Object[]>> c : batch.entrySet()) {
                    if (!c.getKey().equals(key) && contains(index, c.getValue(), tuple)) {
                        throw violation(t, index, tuple, c.getKey(), key);
                    }
                }
            }
            batch.put(key, tuples);
        }
    }

    /** A key of the batch is deleted (or expired): it holds nothing any more. */
    void afterRemove(Table t, String key) {
        for (TableIndex index : t.indexes.maintained()) {
            Map<String, List<Object[]>> batch = claims.get(t.name + '\u0000' + index.name());
            if (batch != null) {
                batch.put(key, List.of());
            }
        }
    }

    private boolean holds(TableIndex index, byte[] json, Object[] tuple) {
        return contains(index, index.tuples(json), tuple);
    }

    private static boolean contains(TableIndex index, List<Object[]> tuples, Object[] tuple) {
        for (Object[] t : tuples) {
            if (index.sameValues(t, tuple)) {
                return true;
            }
        }
        return false;
    }

    private static UniqueIndexViolationException violation(Table t, TableIndex index, Object[] tuple,
                                                           String holder, String key) {
        return new UniqueIndexViolationException(Names.tableOf(t.name), index.name(), TableIndex.describe(tuple),
                holder, key);
    }
}
