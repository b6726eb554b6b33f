package dev.mikrodb.internal.engine;

import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.index.TableIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Creating, dropping and listing indexes. A new index is built online: it is registered with the table first, so
 * every write from then on maintains it, then the existing items are added in small chunks under the commit lock
 * (each chunk indexing the items' current versions), so writers wait at most one chunk at a time. Only when the build
 * has finished is the definition committed (a WAL record) and the index handed to the planner: a crash during a build
 * leaves no index, and after a crash following it the index is rebuilt whole from the items at load.
 */
final class IndexService {
    /** Items indexed per hold of the commit lock during a build. */
    private static final int CHUNK = 512;

    private final Locks locks;
    private final TableCache cache;
    private final Committer committer;
    private final IndexCatalog catalog;

    IndexService(Locks locks, TableCache cache, Committer committer, IndexCatalog catalog) {
        this.locks = locks;
        this.cache = cache;
        this.committer = committer;
        this.catalog = catalog;
    }

    IndexInfo create(String table, IndexSpec spec) {
        IndexSpec existing = catalog.find(table, spec.name());
        if (existing != null) {
            if (existing.equals(spec)) {
                return info(table, spec.name()); // the same index again: nothing to do, as MongoDB does
            }
            throw new ValidationException("table '" + Names.tableOf(table) + "' has an index named '" + spec.name()
                    + "' with other fields or options; drop it first or choose another name");
        }
        for (IndexSpec s : catalog.specs(table)) {
            if (s.fields().equals(spec.fields())) {
                throw new ValidationException("index '" + s.name() + "' of table '" + Names.tableOf(table)
                        + "' has the same fields");
            }
        }
        Table t = cache.findOrCreate(table);
        t.pin();
        TableIndex index = new TableIndex(spec);
        try {
            underCommitLock(() -> t.indexes.startBuilding(index));
            List<String> keys = new ArrayList<>();
            t.lockScans();
            try {
                t.recordsAnyOrder().forEach(r -> keys.add(r.key()));
            } finally {
                t.unlockScans();
            }
            for (int from = 0; from < keys.size(); from += CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
                underCommitLock(() -> indexCurrentVersions(t, index, chunk));
            }
            committer.commit(Set.of(IndexCatalog.TABLE), false, batch -> {
                batch.put(IndexCatalog.TABLE, IndexCatalog.key(table, spec.name()), IndexCatalog.json(table, spec), 0,
                        0L);
                return null;
            });
            underCommitLock(() -> {
                catalog.added(table, spec);
                t.indexes.promote(index);
                if (!cache.isCurrent(t)) { // evicted or dropped meanwhile: the next load builds it from the items
                    t.indexes.remove(index);
                }
            });
            return index.info();
        } catch (RuntimeException e) {
            underCommitLock(() -> t.indexes.remove(index));
            throw e;
        } finally {
            t.unpin();
        }
    }

    /** Under the commit lock: adds the current items of {@code keys}; a unique index refuses a second holder. */
    private static void indexCurrentVersions(Table t, TableIndex index, List<String> keys) {
        for (String key : keys) {
            Record r = t.get(key);
            if (r == null) {
                continue;
            }
            if (index.spec().unique()) {
                for (Object[] tuple : index.tuples(r.value())) {
                    for (String holder : index.holders(tuple, key)) {
                        Record other = t.get(holder);
                        if (other != null && index.tuples(other.value()).stream().anyMatch(x -> index.sameValues(x,
                                tuple))) {
                            throw new ValidationException("cannot create unique index '" + index.name() + "' on '"
                                    + Names.tableOf(t.name) + "': keys '" + holder + "' and '" + key
                                    + "' both hold " + TableIndex.describe(tuple));
                        }
                    }
                }
            }
            index.add(key, r.value());
        }
    }

    boolean drop(String table, String name) {
        if (catalog.find(table, name) == null) {
            return false;
        }
        committer.commit(Set.of(IndexCatalog.TABLE), false, batch -> batch.delete(IndexCatalog.TABLE,
                IndexCatalog.key(table, name), null));
        underCommitLock(() -> {
            catalog.removed(table, name);
            Table t = cache.loadedTable(table);
            TableIndex index = t == null ? null : t.indexes.find(name);
            if (index != null) {
                t.indexes.remove(index);
            }
        });
        return true;
    }

    List<IndexInfo> list(String table) {
        List<IndexInfo> out = new ArrayList<>();
        for (IndexSpec s : catalog.specs(table)) {
            out.add(info(table, s.name()));
        }
        return out;
    }

    private IndexInfo info(String table, String name) {
        Table t = cache.find(table);
        TableIndex index = t == null ? null : t.indexes.find(name);
        return index != null ? index.info() : new IndexInfo(catalog.find(table, name), 0, false);
    }

    private void underCommitLock(Runnable r) {
        locks.commit.lock();
        try {
            r.run();
        } finally {
            locks.commit.unlock();
        }
    }
}
