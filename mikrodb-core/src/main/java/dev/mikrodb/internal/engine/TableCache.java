package dev.mikrodb.internal.engine;

import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loaded tables: loads on first access and evicts in least-recently-used order when more tables, or more bytes,
 * are loaded than the limits allow.
 *
 * <p>A table is loaded either because it was read from its file, because a write created it, or as an empty
 * placeholder taken by a write that has not committed yet; {@link Table#exists()} tells them apart. Loads hold the
 * load lock; removals hold the commit lock, so a committer that found its tables loaded under the commit lock knows
 * they stay loaded until it releases it.
 */
final class TableCache {
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb");
    /** Evictions tried per call; a failing checkpoint must not turn one read into an endless loop. */
    private static final int MAX_EVICTIONS_PER_CALL = 8;

    private final ConcurrentHashMap<String, Table> loaded = new ConcurrentHashMap<>();
    private final FileLayer files;
    private final Path directory;
    private final AesGcm cipher;
    private final Locks locks;
    private final TableCatalog catalog;
    private final int maxTables;
    private final long maxBytes;
    /** Starts above 0, the access of a table never touched, so a new table always takes a fresh tick. */
    private final AtomicLong accessCounter = new AtomicLong(1);
    /** The estimated bytes of the loaded tables, kept by the tables themselves ({@link Table#countBytesIn}). */
    private final AtomicLong loadedBytes = new AtomicLong();

    /** Reads that found their table loaded ({@link #hit}), counted per thread: no atomic on the get path. */
    private final dev.mikrodb.internal.stats.ThreadCounters hits = new dev.mikrodb.internal.stats.ThreadCounters(1);
    private final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder evictions = new java.util.concurrent.atomic.LongAdder();
    /** Evicted tables holding items that expire, with the soonest expiration: the sweeper loads them when due. */
    private final Map<String, Long> evictedExpiring = new ConcurrentHashMap<>();
    private final UnloadedReads unloaded;

    /** @param entries a listing of {@code directory} made at open, under its lock: where the table files are */
    TableCache(FileLayer files, Path directory, AesGcm cipher, Locks locks, int maxTables, long maxBytes,
               List<Path> entries) {
        this.files = files;
        this.directory = directory;
        this.cipher = cipher;
        this.locks = locks;
        this.catalog = TableCatalog.of(directory, entries);
        this.maxTables = maxTables;
        this.maxBytes = maxBytes;
        this.unloaded = new UnloadedReads(files, directory, cipher);
    }

    /**
     * A point read of a table the caller found not loaded, from its files and without loading it
     * ({@link UnloadedReads}); not served when the table has loaded since (a load invalidates the open files first),
     * its files cannot answer, or the item is expired (the loaded table removes it): the caller then loads it.
     */
    UnloadedReads.Answer readUnloaded(String name, String key, long now) {
        if (!unloaded.isOpen(name)) {
            locks.load.lock();
            try {
                if (loaded.containsKey(name) || !unloaded.openUnderLoadLock(name, catalog.present(name))) {
                    return UnloadedReads.Answer.NOT_SERVED;
                }
            } catch (java.io.IOException e) {
                return UnloadedReads.Answer.NOT_SERVED; // loading the table reports what is wrong with its files
            } finally {
                locks.load.unlock();
            }
        }
        return unloaded.read(name, key, now);
    }

    /** At close: the files held open for point reads. */
    void close() {
        unloaded.closeAll();
    }

    TableCatalog catalog() {
        return catalog;
    }

    /** The table if it is loaded now, else null; no I/O. */
    Table loadedTable(String name) {
        return loaded.get(name);
    }

    /** The table, loading it from disk if needed; null when it has neither files nor committed data. */
    Table find(String name) {
        Table t = loaded.get(name);
        if (t != null) {
            hit(t);
            return t;
        }
        misses.increment();
        t = load(name, false);
        if (t != null) {
            touch(t);
        }
        return t;
    }

    /** A read found {@code t} loaded ({@link #loadedTable}): counts the hit and marks it recently used. */
    void hit(Table t) {
        hits.add(0, 1);
        touch(t);
    }

    /** The table, loading it or creating an in-memory placeholder as needed. */
    Table findOrCreate(String name) {
        Table t = loaded.get(name);
        if (t == null) {
            t = load(name, true);
        }
        touch(t);
        return t;
    }

    private volatile IndexCatalog indexes;

    /** The index definitions to build for each table this cache loads from now on; set once while opening. */
    void buildIndexesFrom(IndexCatalog catalog) {
        this.indexes = catalog;
    }

    /** Lookups that found the table loaded, lookups that went to disk, and tables evicted, since open. */
    long[] counters() {
        return new long[] {hits.sum()[0], misses.sum(), evictions.sum()};
    }

    /** Whether {@code t} is still the loaded table of its name (it may have been evicted or dropped). */
    boolean isCurrent(Table t) {
        return loaded.get(t.name) == t;
    }

    private Table load(String name, boolean create) {
        locks.load.lock();
        try {
            Table t = loaded.get(name);
            if (t != null) {
                return t;
            }
            if (catalog.exists(name)) {
                t = readFiles(name);
            } else if (create) {
                t = Table.created(name, catalog.highestSeq(name));
            } else {
                return null;
            }
            if (indexes != null) {
                indexes.attach(t); // before the table is shared: its indexes are whole when it is
            }
            unloaded.invalidate(name); // from now on its files may change
            t.countBytesIn(loadedBytes);
            loaded.put(name, t);
            evictedExpiring.remove(name);
            return t;
        } finally {
            locks.load.unlock();
        }
    }

    /** The soonest expiration of every table known to hold expiring items, loaded or not (for the hints file). */
    Map<String, Long> soonestExpirations() {
        Map<String, Long> soonest = new java.util.HashMap<>(evictedExpiring);
        for (Table t : loaded.values()) {
            if (t.hasExpiringItems()) {
                soonest.put(t.name, t.earliestExpiration());
            }
        }
        return soonest;
    }

    /** At open: tables the hints file says hold expiring items; those not loaded are swept when their time comes. */
    void expiringAccordingToHints(Map<String, Long> hints) {
        hints.forEach((name, at) -> {
            if (!loaded.containsKey(name) && catalog.exists(name)) {
                evictedExpiring.put(name, at);
            }
        });
    }

    /** Evicted tables with an item whose expiration is at or before {@code now}. */
    List<String> evictedExpiringBy(long now) {
        List<String> due = new ArrayList<>();
        evictedExpiring.forEach((name, at) -> {
            if (at <= now) {
                due.add(name);
            }
        });
        return due;
    }

    /** Reads a table's base and the deltas after it into a new, clean table object. */
    Table readFiles(String name) {
        return TableFileReader.read(files, directory, cipher, catalog, name);
    }

    /** Names of tables that exist: on disk, or created by a committed write. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>(catalog.names());
        for (Table t : loaded.values()) {
            if (t.exists()) { // created by a write and not checkpointed yet
                names.add(t.name);
            }
        }
        return new ArrayList<>(names);
    }

    /** Whether the table exists, loaded or not; no I/O. */
    boolean exists(String name) {
        Table t = loaded.get(name);
        return t != null ? t.exists() : catalog.exists(name);
    }

    /** A snapshot of the loaded tables. */
    List<Table> loadedTables() {
        return new ArrayList<>(loaded.values());
    }

    int loadedCount() {
        return loaded.size();
    }

    /** Puts a table that recovery rebuilt. Called before the database serves anyone. */
    void install(Table t) {
        unloaded.invalidate(t.name);
        t.countBytesIn(loadedBytes);
        Table replaced = loaded.put(t.name, t);
        if (replaced != t) {
            leave(replaced);
        }
    }

    /** Under the commit lock: forgets an uncommitted placeholder. */
    void forget(String name) {
        leave(loaded.remove(name));
    }

    /** Under the commit lock, once the drop is in the WAL: the table leaves memory and its files count as gone. */
    void drop(String name) {
        unloaded.invalidate(name);
        leave(loaded.remove(name));
        evictedExpiring.remove(name);
        catalog.drop(name);
    }

    private void touch(Table t) {
        // The most recently used table stays so without a write: readers of one hot table share no counter updates.
        if (t.lastAccess() != accessCounter.get()) {
            t.touch(accessCounter.incrementAndGet());
        }
    }

    /**
     * Checked after every write: reads one running total, where summing every loaded table's bytes made each write's
     * cost grow with the number of loaded tables (500 of them halved the rate of single writes to one).
     */
    boolean overLimits() {
        return loaded.size() > maxTables || loadedBytes.get() > maxBytes;
    }

    /** The estimated bytes of the loaded tables. */
    long loadedBytes() {
        return loadedBytes.get();
    }

    /** A table that left the cache (null: none did) stops counting toward its bytes. */
    private static void leave(Table t) {
        if (t != null) {
            t.countBytesIn(null);
        }
    }

    /**
     * Evicts least-recently-used tables while the cache is over its limits. A dirty victim is checkpointed first.
     * {@code keep} (the table just used) is never evicted.
     *
     * <p>Holds the checkpoint lock throughout: a checkpoint marks its tables clean when it takes the snapshot, before
     * the files are written, so an eviction during a checkpoint could drop a table whose file is still the old one
     * and the next load would lose the writes in between.
     */
    void evictIfOverLimits(Table keep, Checkpointer checkpointer) {
        // Nothing evictable (one large table, the rest pinned) must not take the checkpoint lock: every write would
        // then wait for whole background checkpoints (a 1,000,000-item ingest spent most of its time so).
        if (!overLimits() || leastRecentlyUsed(keep) == null) {
            return;
        }
        locks.checkpoint.lock();
        try {
            for (int attempt = 0; attempt < MAX_EVICTIONS_PER_CALL && overLimits(); attempt++) {
                Table victim = leastRecentlyUsed(keep);
                if (victim == null) {
                    return;
                }
                if (victim.isDirty()) {
                    try {
                        checkpointer.checkpoint();
                    } catch (StorageException e) {
                        LOG.log(Level.WARNING, "cannot evict table '" + victim.name + "': " + e.getMessage());
                        return;
                    }
                }
                locks.commit.lock();
                try {
                    if (!victim.isDirty() && loaded.remove(victim.name, victim)) {
                        leave(victim);
                        evictions.increment();
                        if (victim.hasExpiringItems()) {
                            evictedExpiring.put(victim.name, victim.earliestExpiration());
                        }
                    }
                } finally {
                    locks.commit.unlock();
                }
            }
        } finally {
            locks.checkpoint.unlock();
        }
    }

    /**
     * The eviction victim: never {@code keep}, a pinned table, or the most recently used one. Writes pass no
     * {@code keep}; without the last rule a table larger than the byte limit was evicted after every write and
     * loaded again, whole, by the next one.
     */
    private Table leastRecentlyUsed(Table keep) {
        Table newest = null;
        for (Table t : loaded.values()) {
            if (newest == null || t.lastAccess() > newest.lastAccess()) {
                newest = t;
            }
        }
        Table victim = null;
        for (Table t : loaded.values()) {
            if (t != keep && t != newest && !t.isPinned() && (victim == null || t.lastAccess() < victim.lastAccess())) {
                victim = t;
            }
        }
        return victim;
    }
}
