package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.Explained;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.Item;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Query;
import dev.mikrodb.QueryPlan;
import dev.mikrodb.StorageException;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.stats.OperationStats;
import dev.mikrodb.internal.storage.FileLayer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded database engine behind {@code MikroDB}: a facade that checks names, finds tables and hands each
 * operation to the piece that owns it ({@link Committer}, {@link QueryExecutor}, {@link Checkpointer},
 * {@link TableCache}, {@link DumpWriter}). {@link DatabaseOpener} builds it; {@link #close()} takes it apart.
 *
 * <p>Threading: mutations serialize on the commit lock inside the committer; point reads take no lock; scans hold
 * their table's scan read lock. Lock order: {@link Locks}.
 */
public final class Database implements AutoCloseable {
    private final DatabaseOpener.Parts parts;
    private final MikroOptions options;
    private final Clock clock;
    private final EngineState state;
    private final TableCache cache;
    private final Committer committer;
    private final Checkpointer checkpointer;
    private final QueryExecutor queries;
    private final ExpirySweeper expiry;
    private final OperationStats operations = new OperationStats();
    /** Made once: a lambda capturing a get's arguments was 24 of the 104 bytes each get allocated. */
    private final java.util.function.BiFunction<String, String, Optional<Item>> untimedGet;

    Database(DatabaseOpener.Parts parts) {
        this.parts = parts;
        this.options = parts.options();
        this.clock = options.clock();
        this.state = parts.state();
        this.cache = parts.cache();
        this.committer = parts.committer();
        this.checkpointer = parts.checkpointer();
        this.queries = new QueryExecutor(committer);
        this.expiry = new ExpirySweeper(cache, committer, clock, this::findTable);
        this.untimedGet = new PointReads(state, cache, committer, clock, this::findTable)::get;
    }

    /** Opens (creating if needed) the database directory, recovering whatever the last run left in the WAL. */
    public static Database open(MikroOptions options, FileLayer files) {
        return DatabaseOpener.open(options, files);
    }

    /** Sizes, counts, cache and operation figures now (docs/operations.md); see {@link StatsReport}. */
    public dev.mikrodb.MikroStats stats(boolean countAllItems) {
        state.checkOpen();
        return StatsReport.of(parts, operations, countAllItems);
    }

    public Path directory() {
        return parts.directory();
    }

    public MikroOptions options() {
        return options;
    }

    /** The revision of the last commit: 0 for a new database, +1 for every commit since. */
    public long revision() {
        return committer.revision();
    }

    public List<Long> write(List<WriteRequest> requests) {
        return operations.time(OperationStats.Op.WRITE, () -> {
            state.checkOpen();
            long now = clock.millis();
            List<PendingWrite> pending = WriteValidator.validate(requests, now);
            List<Long> versions = committer.write(pending, WriteValidator.anyFlushImmediately(requests));
            cache.evictIfOverLimits(null, checkpointer);
            return versions;
        });
    }

    public Optional<Item> get(String tableName, String key) {
        return operations.timeGet(tableName, key, untimedGet);
    }

    public List<Item> query(String tableName, Query query) {
        return operations.time(OperationStats.Op.QUERY, () -> {
            state.checkOpen();
            Names.checkStoredTableName(tableName);
            Table t = findTable(tableName);
            if (t == null) {
                return List.of();
            }
            Explained e = queries.run(t, query, clock.millis());
            if (e.plan().index() == null && parts.autoIndexer().enabled()) {
                JsonNode mongo = dev.mikrodb.internal.api.QueryAccess.documentFilter(query);
                parts.autoIndexer().scanned(tableName, mongo != null ? mongo : query.filterJson(), mongo != null,
                        parts.indexes());
            }
            return e.results();
        });
    }

    /**
     * The table, loaded if needed (null if it does not exist). Only a load can push the cache over its limits here
     * (writes check after committing), so reads of loaded tables skip the check.
     */
    private Table findTable(String name) {
        Table t = cache.loadedTable(name);
        if (t != null) {
            cache.hit(t);
            return t;
        }
        t = cache.find(name);
        if (t != null) {
            cache.evictIfOverLimits(t, checkpointer);
        }
        return t;
    }

    public long tableSize(String tableName) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        Table t = findTable(tableName);
        return t == null ? 0 : QueryExecutor.liveCount(t, clock.millis());
    }

    public boolean tableExists(String tableName) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        return cache.exists(tableName);
    }

    public List<String> tables() {
        state.checkOpen();
        return cache.names();
    }

    /**
     * Commits what {@code plan} stages in a {@link CommitBatch} over {@code tableNames}, atomically (see
     * {@link Committer#commit}). The document API's multi-document operations are built on this.
     */
    public <T> T commit(java.util.Collection<String> tableNames, boolean flushImmediately,
                        java.util.function.Function<CommitBatch, T> plan) {
        return operations.time(OperationStats.Op.COMMIT, () -> {
            state.checkOpen();
            tableNames.forEach(Names::checkStoredTableName);
            T result = committer.commit(tableNames, flushImmediately, plan);
            cache.evictIfOverLimits(null, checkpointer);
            return result;
        });
    }

    /** Creates (online) or confirms an index; see {@link IndexService}. */
    public IndexInfo createIndex(String tableName, IndexSpec spec) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        if (spec == null) {
            throw new ValidationException("index definition is missing");
        }
        IndexInfo info = parts.indexes().create(tableName, spec);
        cache.evictIfOverLimits(null, checkpointer);
        return info;
    }

    public boolean dropIndex(String tableName, String name) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        return parts.indexes().drop(tableName, name);
    }

    public List<IndexInfo> indexes(String tableName) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        return parts.indexes().list(tableName);
    }

    /** A query's results and how it ran (index or scan, entries and items examined, time). */
    public Explained explain(String tableName, Query query) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        Table t = findTable(tableName);
        return t == null ? new Explained(new QueryPlan(null, 0, 0, 0, 0), List.of())
                : queries.run(t, query, clock.millis());
    }

    /** The items of a system table ({@code admin~...}), which no public entry point reaches. */
    public List<Item> systemItems(String table) {
        state.checkOpen();
        requireSystem(table);
        Table t = cache.find(table);
        return t == null ? List.of() : queries.query(t, Query.all(), clock.millis());
    }

    /** Commits to a system table, as {@link #commit} does for data tables. */
    public <T> T commitSystem(String table, java.util.function.Function<CommitBatch, T> plan) {
        state.checkOpen();
        requireSystem(table);
        return committer.commit(Set.of(table), false, plan);
    }

    private static void requireSystem(String table) {
        if (!Names.databaseOf(table).equals("admin")) {
            throw new IllegalArgumentException(table + " is not a system table");
        }
    }

    /** Automatic indexing's counts of unindexed equality queries per {@code table/path}. */
    public java.util.Map<String, Long> autoIndexCounts() {
        return parts.autoIndexer().counts();
    }

    /** A page of keys in UTF-8 order (see {@link KeyListing}). */
    public KeyList list(String tableName, ListOptions options) {
        return operations.time(OperationStats.Op.LIST, () -> {
            state.checkOpen();
            Names.checkStoredTableName(tableName);
            return parts.listing().list(tableName, options == null ? ListOptions.ALL : options, clock.millis());
        });
    }

    /** Creates an empty table (durably, as an empty base file); false if it exists. */
    public boolean createTable(String tableName) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        return checkpointer.createEmptyTable(tableName);
    }

    /** Drops the existing tables among {@code tableNames} in one WAL record; returns those dropped. */
    public List<String> dropTables(List<String> tableNames) {
        state.checkOpen();
        tableNames.forEach(Names::checkStoredTableName);
        return committer.dropTables(tableNames);
    }

    public boolean deleteTable(String tableName) {
        state.checkOpen();
        Names.checkStoredTableName(tableName);
        return committer.dropTable(tableName);
    }

    /** @param expectedVersion null for an unconditional delete */
    public boolean delete(String tableName, String key, Long expectedVersion) {
        return operations.time(OperationStats.Op.DELETE, () -> {
            state.checkOpen();
            Names.checkStoredTableName(tableName);
            Names.checkKey(key);
            WriteValidator.checkExpectedVersion(expectedVersion);
            return committer.delete(tableName, key, expectedVersion);
        });
    }

    public void flush() {
        state.checkOpen();
        checkpointer.checkpoint();
        checkpointer.deleteReplacedFiles(); // flush leaves the directory as its checkpoint made it
        parts.wal().sync();
    }

    public void flushWAL() {
        state.checkOpen();
        parts.wal().sync();
    }

    public List<String> dump(String tableName) {
        state.checkOpen();
        List<String> names;
        if (tableName == null) {
            names = tables();
        } else {
            Names.checkStoredTableName(tableName);
            if (!cache.exists(tableName)) {
                throw new ValidationException("table '" + tableName + "' does not exist");
            }
            names = List.of(tableName);
        }
        DumpWriter writer = new DumpWriter(parts.files());
        List<String> written = new ArrayList<>();
        for (String name : names) {
            String fileName = name + "_dump.json";
            writer.write(query(name, Query.all()), directory().resolve(fileName));
            written.add(fileName);
        }
        return written;
    }

    /**
     * Gathers the files of a backup into {@code staging} (on the same file system: hard links) as of one cut point,
     * without blocking writers; see {@link BackupStager}.
     */
    public BackupStager.Cut stageBackup(Path staging) throws java.io.IOException {
        state.checkOpen();
        return BackupStager.stage(parts, staging);
    }

    /** Removes every expired item of every table, loading tables as needed. */
    public int cleanupExpiredItems() {
        state.checkOpen();
        return expiry.sweepAll(tables());
    }

    /** @throws dev.mikrodb.HistoryCompactedException when {@code options} start before the retained history */
    public Subscription subscribe(String tableName, SubscribeOptions options, ChangeListener listener) {
        state.checkOpen();
        if (tableName != null) {
            Names.checkStoredTableName(tableName);
        }
        if (listener == null || options == null) {
            throw new ValidationException(listener == null ? "listener is missing" : "subscribe options are missing");
        }
        return parts.events().subscribe(tableName == null ? "all" : tableName, tableName, Set.of(), options,
                listener);
    }

    /** The periodic task: fsync the WAL, checkpoint when due. */
    void tick() {
        operations.mark(); // the last minute's figures are measured from these marks
        Maintenance m = parts.maintenance();
        m.runLogged("WAL sync", parts.wal()::sync);
        if (checkpointer.policy().dueOnTick()) {
            m.runLogged("checkpoint", checkpointer::checkpoint);
        }
    }

    /** The expiry timer's task (see {@link ExpirySweeper}). */
    void sweepExpired() {
        parts.maintenance().runLogged("expiry sweep", expiry::sweepDue);
    }

    /** How many queries have scanned a table in parallel (diagnostics and tests). */
    public long parallelScans() {
        return queries.parallelScans();
    }

    /** Whether a table is loaded now, so that reading it does no disk I/O; never loads anything. */
    public boolean isLoaded(String storedName) {
        return cache.loadedTable(storedName) != null;
    }

    /** How many tables are loaded in memory now (diagnostics and tests). */
    public int loadedTableCount() {
        return cache.loadedCount();
    }

    public dev.mikrodb.DurabilityDeferral deferDurability() {
        return committer.acks().open();
    }

    /** Checkpoints, delivers queued events (up to 5 s), closes the WAL and releases the directory. */
    @Override
    public void close() {
        parts.locks().commit.lock();
        try {
            if (!state.close()) {
                return;
            }
        } finally {
            parts.locks().commit.unlock();
        }
        Shutdown.run(parts);
    }
}
