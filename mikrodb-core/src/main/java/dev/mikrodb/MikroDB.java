package dev.mikrodb;

import dev.mikrodb.internal.engine.Database;
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

    private MikroDB(Database database) {
        this.database = database;
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

    @Override
    public long write(WriteRequest request) {
        return database.write(List.of(request)).get(0);
    }

    @Override
    public List<Long> writeBatch(List<WriteRequest> requests) {
        return database.write(requests);
    }

    @Override
    public Optional<Item> get(String tableName, String key) {
        return database.get(tableName, key);
    }

    @Override
    public List<Item> query(String tableName, Query query) {
        return database.query(tableName, query == null ? Query.all() : query);
    }

    @Override
    public boolean delete(String tableName, String key) {
        return database.delete(tableName, key, null);
    }

    @Override
    public boolean delete(String tableName, String key, long expectedVersion) {
        return database.delete(tableName, key, expectedVersion);
    }

    @Override
    public long tableSize(String tableName) {
        return database.tableSize(tableName);
    }

    @Override
    public boolean tableExists(String tableName) {
        return database.tableExists(tableName);
    }

    @Override
    public List<String> tables() {
        return database.tables();
    }

    @Override
    public boolean deleteTable(String tableName) {
        return database.deleteTable(tableName);
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
        return database.dump(tableName);
    }

    @Override
    public int cleanupExpiredItems() {
        return database.cleanupExpiredItems();
    }

    @Override
    public Subscription subscribe(String tableName, ChangeListener listener) {
        return database.subscribe(tableName, listener);
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
