package dev.mikrodb;

import dev.mikrodb.internal.document.EmbeddedDatabase;
import dev.mikrodb.internal.document.ScopedStore;
import dev.mikrodb.internal.backup.Backups;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.engine.Names;
import dev.mikrodb.internal.security.StoredAccessControl;
import dev.mikrodb.internal.storage.DiskFileLayer;
import dev.mikrodb.internal.storage.FileLayer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded database: a directory of table files and a write-ahead log.
 *
 * <pre>{@code
 * try (MikroDB db = MikroDB.open(MikroOptions.builder().databaseDirectory("my-db").build())) {
 *     long version = db.write("users", "user1", Map.of("name", "Ada"));
 *     Optional<Item> user = db.get("users", "user1");
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance serves any number of threads. One process may open a directory at a time.
 */
public final class MikroDB implements MikroStore {
    private final Database database;
    /** The key-value API of the database {@code default}: the plain table names. */
    private final ScopedStore defaults;

    private volatile AccessControl accessControl;

    private MikroDB(Database database) {
        this.database = database;
        this.defaults = new ScopedStore(database, Names.DEFAULT_DATABASE, database::close);
    }

    /** The users and API keys of this database (docs/security.md); what the server enforces with auth on. */
    public AccessControl accessControl() {
        AccessControl a = accessControl;
        if (a == null) {
            synchronized (this) {
                if (accessControl == null) {
                    accessControl = new StoredAccessControl(database, database.options().clock());
                }
                a = accessControl;
            }
        }
        return a;
    }

    /**
     * What the database holds and does: bytes on disk per database and table, WAL, checkpoints, items, cache,
     * operation rates and latencies over the last minute, subscribers (docs/operations.md). Counting items loads every
     * table.
     */
    public MikroStats stats() {
        return database.stats(true);
    }

    /**
     * {@link #stats()}, with {@code countAllItems} false counting items of loaded tables only, so no table is loaded
     * (what a metrics scrape of a database with many tables wants).
     */
    public MikroStats stats(boolean countAllItems) {
        return database.stats(countAllItems);
    }

    /**
     * Backs the database up while it keeps serving (docs/operations.md): one ZIP file holding every table as of one
     * cut point, with a manifest of SHA-256 hashes. {@code target} is the file ({@code .zip}) or a directory to
     * create {@code backup-YYYY-MM-DD-HH-MM-SS.zip} in. An encrypted database's backup is encrypted; the key is not
     * in it.
     */
    public BackupInfo backup(Path target) {
        return Backups.take(database, target, true, Progress.NONE);
    }

    /** {@link #backup(Path)}, stored without compression when {@code compress} is false. */
    public BackupInfo backup(Path target, boolean compress) {
        return Backups.take(database, target, compress, Progress.NONE);
    }

    /** {@link #backup(Path, boolean)}, telling {@code progress} the bytes archived so far. */
    public BackupInfo backup(Path target, boolean compress, Progress progress) {
        return Backups.take(database, target, compress, progress);
    }

    /**
     * Checks a backup: every file against its manifest's size and SHA-256, then opens a copy (skipped for an
     * encrypted backup when {@code encryptionKey} is null). Throws {@link BackupVerificationException} naming the
     * file that fails.
     */
    public static BackupInfo verifyBackup(Path backup, String encryptionKey) {
        return Backups.verify(backup, encryptionKey, Progress.NONE);
    }

    /** {@link #verifyBackup(Path, String)}, telling {@code progress} the bytes checked so far. */
    public static BackupInfo verifyBackup(Path backup, String encryptionKey, Progress progress) {
        return Backups.verify(backup, encryptionKey, progress);
    }

    /**
     * Restores a backup into {@code options}' directory, which must be empty or absent, verifying every file as it is
     * written and opening the result; on any failure the directory is left empty.
     */
    public static BackupInfo restoreBackup(Path backup, MikroOptions options) {
        return Backups.restore(backup, options, Progress.NONE);
    }

    /** {@link #restoreBackup(Path, MikroOptions)}, telling {@code progress} the bytes restored so far. */
    public static BackupInfo restoreBackup(Path backup, MikroOptions options, Progress progress) {
        return Backups.restore(backup, options, progress);
    }

    /**
     * Reads every file of a database directory and verifies every checksum, WAL record and table entry, changing
     * nothing (docs/operations.md). Meant for a closed database or a copy; on an open one the active WAL's tail may
     * show as torn. {@code encryptionKey} is needed to check an encrypted database's WAL and tables.
     */
    public static CheckReport check(Path directory, String encryptionKey) {
        return dev.mikrodb.internal.check.DatabaseCheck.run(directory, encryptionKey);
    }

    /**
     * Copies what verifies in {@code source} into the new directory {@code target} and lists what was kept and what
     * was lost (docs/operations.md); {@code source} is not changed.
     */
    public static SalvageReport salvage(Path source, Path target, String encryptionKey) {
        return dev.mikrodb.internal.check.DatabaseRepair.salvage(source, target, encryptionKey);
    }

    /** The complete backups in a directory, oldest first. */
    public static List<BackupInfo> listBackups(Path directory) {
        return Backups.list(directory);
    }

    /**
     * Stores an API key whose secret is given rather than generated: the admin key a server's first start takes
     * from {@code MIKRODB_ADMIN_KEY}. Only embedded (no HTTP route sets a chosen secret); returns the key as stored,
     * or the existing one with the same secret.
     */
    public ApiKeyInfo importApiKey(String name, String key, Role role) {
        return ((StoredAccessControl) accessControl()).importKey(name, key, role);
    }

    /** Opens or creates the database described by {@code options}, replaying the WAL after a crash. */
    public static MikroDB open(MikroOptions options) {
        return open(options, DiskFileLayer.INSTANCE);
    }

    /** Opens the database in {@code directory} with every other option at its default. */
    public static MikroDB open(Path directory) {
        return open(MikroOptions.builder().databaseDirectory(directory).build());
    }

    /** For tests that inject file-system faults. */
    static MikroDB open(MikroOptions options, FileLayer files) {
        return new MikroDB(Database.open(options, files));
    }

    public Path directory() {
        return database.directory();
    }

    public MikroOptions options() {
        return database.options();
    }

    /**
     * The database's current revision: a 64-bit counter that every commit (a write, a batch, a delete, an expiry, a
     * drop) increases by one, shared by every change of one batch. Items carry the revisions that created and last
     * wrote them; change events carry theirs. Revisions survive restarts.
     */
    public long revision() {
        return database.revision();
    }

    /**
     * Whether the table is in memory now, so that reading it does no disk I/O (the server answers key reads of such
     * tables on its IO thread, without a worker-thread hop). Never loads anything; false for a bad name.
     *
     * @param databaseName the document database, or null for the key-value tables ({@code default})
     */
    public boolean tableInMemory(String databaseName, String tableName) {
        try {
            Names.checkTableName(tableName);
            return database.isLoaded(Names.qualify(
                    databaseName == null ? "default" : databaseName, tableName));
        } catch (ValidationException e) {
            return false;
        }
    }

    /**
     * Opens a {@link DurabilityDeferral} on this thread: until it is closed, commits that would wait for their fsync
     * (durability {@code sync}, {@code flushImmediately}) return once logged, and the scope's
     * {@link DurabilityDeferral#whenDurable()} says when they are durable. For servers answering many writers from
     * few threads; an embedded caller that acknowledges nothing itself has no use for it. Scopes do not nest.
     *
     * @throws IllegalStateException when a scope is already open on this thread
     */
    public DurabilityDeferral deferDurability() {
        return database.deferDurability();
    }

    @Override
    public long write(WriteRequest request) {
        return defaults.write(request);
    }

    @Override
    public List<Long> writeBatch(List<WriteRequest> requests) {
        return defaults.writeBatch(requests);
    }

    @Override
    public Optional<Item> get(String tableName, String key) {
        return defaults.get(tableName, key);
    }

    @Override
    public List<Item> query(String tableName, Query query) {
        return defaults.query(tableName, query);
    }

    @Override
    public boolean delete(String tableName, String key) {
        return defaults.delete(tableName, key);
    }

    @Override
    public boolean delete(String tableName, String key, long expectedVersion) {
        return defaults.delete(tableName, key, expectedVersion);
    }

    @Override
    public long tableSize(String tableName) {
        return defaults.tableSize(tableName);
    }

    @Override
    public boolean tableExists(String tableName) {
        return defaults.tableExists(tableName);
    }

    @Override
    public List<String> tables() {
        return defaults.tables();
    }

    @Override
    public boolean deleteTable(String tableName) {
        return defaults.deleteTable(tableName);
    }

    @Override
    public void flush() {
        database.flush();
    }

    @Override
    public void flushWAL() {
        database.flushWAL();
    }

    @Override
    public List<String> dump(String tableName) {
        return defaults.dump(tableName);
    }

    @Override
    public int cleanupExpiredItems() {
        return database.cleanupExpiredItems();
    }

    @Override
    public Subscription subscribe(String tableName, SubscribeOptions options, ChangeListener listener) {
        return defaults.subscribe(tableName, options, listener);
    }

    @Override
    public IndexInfo createIndex(String tableName, IndexSpec spec) {
        return defaults.createIndex(tableName, spec);
    }

    @Override
    public boolean dropIndex(String tableName, String indexName) {
        return defaults.dropIndex(tableName, indexName);
    }

    @Override
    public List<IndexInfo> indexes(String tableName) {
        return defaults.indexes(tableName);
    }

    @Override
    public KeyList list(String tableName, ListOptions options) {
        return defaults.list(tableName, options);
    }

    @Override
    public Explained explain(String tableName, Query query) {
        return defaults.explain(tableName, query);
    }

    /**
     * The document database {@code name}: collections of JSON documents with MongoDB's query and update languages.
     * The key-value tables are the collections of {@code default}.
     */
    @Override
    public DocumentDatabase database(String name) {
        return new EmbeddedDatabase(database, name);
    }

    @Override
    public List<String> databases() {
        return EmbeddedDatabase.databases(database);
    }

    /** The key-value API over the tables of database {@code name} (closing the view leaves this store open). */
    @Override
    public MikroStore inDatabase(String name) {
        return new ScopedStore(database, name, () -> { });
    }

    /**
     * Automatic indexing's statistics (when {@link MikroOptions#autoIndexThreshold()} is on): per table and field
     * path ({@code table/path}), how many equality queries found no index.
     */
    public java.util.Map<String, Long> autoIndexCounts() {
        return database.autoIndexCounts();
    }

    /** Number of queries that scanned in parallel; for tests. */
    long parallelScanCount() {
        return database.parallelScans();
    }

    /** Number of tables loaded in memory now; for tests. */
    int loadedTableCount() {
        return database.loadedTableCount();
    }

    @Override
    public void close() {
        database.close();
    }
}
