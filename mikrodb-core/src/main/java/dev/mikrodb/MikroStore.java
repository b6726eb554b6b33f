package dev.mikrodb;

import java.util.List;
import java.util.Optional;

/**
 * The operations a user performs on a MikroDB, embedded ({@link MikroDB}) or remote (the HTTP client). Code written
 * against this interface switches between the two with no other change.
 *
 * <p>Table names: letters, digits, {@code _ - .}, 1 to 128 characters, not {@code .} or {@code ..}. Keys: non-empty
 * strings of at most 1024 UTF-8 bytes. Violations throw {@link ValidationException} and change nothing.
 */
public interface MikroStore extends AutoCloseable {

    /** Writes {@code value} under {@code key}; returns the new version (1 for a new key). */
    default long write(String tableName, String key, Object value) {
        return write(WriteRequest.of(tableName, key, value));
    }

    /**
     * Writes one item.
     *
     * @return the new version
     * @throws VersionConflictException when {@code expectedVersion} is set and differs from the current version
     */
    long write(WriteRequest request);

    /**
     * Writes several items, possibly across tables, all or nothing: one WAL record, applied together. A version
     * conflict or invalid request anywhere fails the whole batch.
     *
     * @return the new version of each write, in request order
     */
    List<Long> writeBatch(List<WriteRequest> requests);

    /** The item under {@code key}, or empty when there is none (or it has expired). */
    Optional<Item> get(String tableName, String key);

    /** The items of a table that match the query; an unknown table yields an empty list. */
    List<Item> query(String tableName, Query query);

    /** Every item of a table. */
    default List<Item> getAll(String tableName) {
        return query(tableName, Query.all());
    }

    /** Deletes {@code key}; returns false when there was no such item. */
    boolean delete(String tableName, String key);

    /**
     * Deletes {@code key} only if its current version is {@code expectedVersion}.
     *
     * @throws VersionConflictException otherwise (current version 0 when the item does not exist)
     */
    boolean delete(String tableName, String key, long expectedVersion);

    /** Number of live (unexpired) items; 0 for an unknown table. */
    long tableSize(String tableName);

    boolean tableExists(String tableName);

    /** Names of all tables, sorted. */
    List<String> tables();

    /** Deletes a table and its file, emitting {@code table.deleted}; returns false if it did not exist. */
    boolean deleteTable(String tableName);

    /**
     * Makes every acknowledged write durable in the table files (a checkpoint), deletes the table files it
     * replaced, and fsyncs the WAL.
     */
    void flush();

    /** Writes out and fsyncs the write-ahead log only. */
    void flushWAL();

    /**
     * Writes {@code <table>_dump.json} (a JSON array of items) into the database directory for one table, or for
     * every table when {@code tableName} is null. Returns the names of the files written. Dumps are plain JSON even
     * for an encrypted database.
     */
    List<String> dump(String tableName);

    /** Removes every expired item now, emitting {@code item.expired} for each; returns how many. */
    int cleanupExpiredItems();

    /**
     * Delivers each committed change of {@code tableName} (or of every table when null) to {@code listener}, in
     * commit order, on a background thread, starting with the next commit.
     */
    default Subscription subscribe(String tableName, ChangeListener listener) {
        return subscribe(tableName, SubscribeOptions.LIVE, listener);
    }

    /**
     * Delivers committed changes of {@code tableName} (or of every table when null) in revision order, each once:
     * first the retained ones after {@code options.fromRevision()}, then live ones, with no gap and no duplicate
     * between the two (docs/change-feed.md). A subscriber that falls behind reads from the retained history rather
     * than losing events.
     *
     * @throws HistoryCompactedException when the start is older than the retained history
     */
    Subscription subscribe(String tableName, SubscribeOptions options, ChangeListener listener);

    /** The database's revision now: that of the last commit (0 for a new database). */
    long revision();

    /**
     * Creates a secondary index (docs/indexes.md), built online: writers keep going while existing items are added.
     * Creating the same index again is a no-op. A unique index over duplicated values fails, naming one.
     */
    IndexInfo createIndex(String tableName, IndexSpec spec);

    /** Drops an index; returns false when there is none of that name. */
    boolean dropIndex(String tableName, String indexName);

    /** The indexes of a table. */
    List<IndexInfo> indexes(String tableName);

    /** A page of keys in UTF-8 order, with their versions and expirations (see {@link ListOptions}). */
    KeyList list(String tableName, ListOptions options);

    /** Runs a query and reports its plan: the index used (or a scan), entries and items examined, time. */
    Explained explain(String tableName, Query query);

    /**
     * The document database {@code name} (created by its first write): collections of JSON documents with MongoDB's
     * query and update languages. The key-value tables are the collections of the database {@code default}.
     */
    DocumentDatabase database(String name);

    /** Names of the databases that hold at least one collection, sorted ({@code default} for key-value tables). */
    List<String> databases();

    /** The key-value API over the tables of database {@code name}: its collections, addressed by key = _id. */
    MikroStore inDatabase(String name);

    /** Flushes everything to disk and releases the store. Further calls throw {@link DatabaseClosedException}. */
    @Override
    void close();
}
