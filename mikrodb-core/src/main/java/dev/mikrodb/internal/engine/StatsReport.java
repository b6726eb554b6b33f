package dev.mikrodb.internal.engine;

import dev.mikrodb.MikroStats;
import dev.mikrodb.StorageException;
import dev.mikrodb.internal.stats.OperationStats;
import dev.mikrodb.internal.storage.TableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers {@link MikroStats}: bytes from the directory listing (one stat per file), counts from the engine's own
 * counters. Counting items loads every table not loaded yet, as {@code tableSize} would.
 */
final class StatsReport {
    private StatsReport() {
    }

    static MikroStats of(DatabaseOpener.Parts parts, OperationStats operations, boolean countAllItems) {
        TreeMap<String, Long> byTable = new TreeMap<>();
        TreeMap<String, Long> byDatabase = new TreeMap<>();
        long total = 0;
        long walBytes = 0;
        String walPrefix = parts.options().walFileName();
        try {
            for (Path p : parts.files().list(parts.directory())) {
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                long size;
                try {
                    size = Files.size(p);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // deleted since the listing (a replaced table file, a retired WAL segment)
                }
                total += size;
                String stem = TableFiles.stemOf(p);
                if (stem != null) {
                    byTable.merge(stem, size, Long::sum);
                    byDatabase.merge(Names.databaseOf(stem), size, Long::sum);
                } else if (p.getFileName().toString().startsWith(walPrefix)) {
                    walBytes += size;
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list " + parts.directory() + ": " + e.getMessage(), e);
        }
        long feedBytes;
        try {
            feedBytes = parts.retained().bytes();
        } catch (IOException e) {
            throw new StorageException("cannot list the change feed: " + e.getMessage(), e);
        }
        long[] checkpoints = parts.checkpointer().policy().counters();
        MikroStats.Storage storage = new MikroStats.Storage(total + feedBytes, walBytes, byDatabase, byTable,
                checkpoints[0], checkpoints[1] / 1e6, checkpoints[2] / 1e9, parts.wal().fsyncCount(),
                parts.wal().appendedBytes(), feedBytes);

        Set<String> databases = new HashSet<>();
        int tables = 0;
        long items = 0;
        long now = parts.options().clock().millis();
        for (String name : parts.cache().names()) {
            String db = Names.databaseOf(name);
            if (db.equals("admin")) {
                continue;
            }
            databases.add(db);
            tables++;
            Table t = countAllItems ? parts.cache().find(name) : parts.cache().loadedTable(name);
            items += t == null ? 0 : QueryExecutor.liveCount(t, now);
        }
        MikroStats.Data data = new MikroStats.Data(databases.size(), tables, items, parts.cache().loadedCount());
        long[] cache = parts.cache().counters();
        long[] subscribers = parts.events().queueStats();
        return new MikroStats(parts.committer().revision(), storage, data, new MikroStats.Cache(cache[0], cache[1],
                cache[2]), operations.snapshot(), new MikroStats.Subscribers((int) subscribers[0], subscribers[1],
                subscribers[2]));
    }
}
