package dev.mikrodb.internal.document;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.ChangeListener;
import dev.mikrodb.DocumentDatabase;
import dev.mikrodb.Explained;
import dev.mikrodb.IndexInfo;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.Item;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Query;
import dev.mikrodb.SubscribeOptions;
import dev.mikrodb.Subscription;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key-value API over the tables of one database. Table names are the plain names users give; the engine stores
 * them qualified ({@code inv~products}), and every name is checked before it is qualified, so no request reaches
 * another database's table. The embedded {@code MikroDB} is this view of {@code default}; closing a view of another
 * database does nothing (the store it belongs to owns the files).
 */
public final class ScopedStore implements MikroStore {
    private final Database engine;
    private final String database;
    private final Runnable onClose;
    /** The last table name {@link #table} resolved; racy by design, see there. */
    private Resolved lastResolved;

    public ScopedStore(Database engine, String database, Runnable onClose) {
        Names.checkDatabaseName(database);
        this.engine = engine;
        this.database = database;
        this.onClose = onClose;
    }

    public String databaseName() {
        return database;
    }

    /**
     * The engine name of {@code name}, checked. The last name resolved is kept with its engine name: a caller reading
     * one table again and again (the usual case) then pays one reference comparison per call, where checking every
     * character and qualifying anew (a new string, hashed again, for a database other than {@code default}) ran on
     * every call; with the get's other changes of docs/benchmarks.md's "Twenty-third pass", measured together, gets
     * ran 30% faster. A {@code String} never changes, so the same object passes the same check; threads racing on
     * the field each see a whole {@link Resolved}.
     */
    private String table(String name) {
        Resolved last = lastResolved;
        if (last != null && last.name == name) {
            return last.engineName;
        }
        Names.checkTableName(name);
        Resolved resolved = new Resolved(name, Names.qualify(database, name));
        lastResolved = resolved;
        return resolved.engineName;
    }

    /** A table name that passed the check, and the name the engine stores it under. */
    private record Resolved(String name, String engineName) {
    }

    @Override
    public long write(WriteRequest request) {
        return writeBatch(List.of(request)).get(0);
    }

    @Override
    public List<Long> writeBatch(List<WriteRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw new ValidationException("a write batch must contain at least one write");
        }
        List<WriteRequest> qualified = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            WriteRequest r = requests.get(i);
            if (r == null) {
                throw new ValidationException((requests.size() > 1 ? "write " + i + " of the batch: " : "")
                        + "write request is missing");
            }
            try {
                String table = table(r.tableName());
                // In the default database the name is its own qualified form: the request passes as it came.
                qualified.add(table.equals(r.tableName()) ? r : new WriteRequest(table, r.key(), r.value(),
                        r.expectedVersion(), r.expiration(), r.ttl(), r.flushImmediately()));
            } catch (ValidationException e) {
                throw requests.size() > 1 ? new ValidationException("write " + i + " of the batch: "
                        + e.getMessage()) : e;
            }
        }
        return engine.write(qualified);
    }

    @Override
    public Optional<Item> get(String tableName, String key) {
        return engine.get(table(tableName), key);
    }

    @Override
    public List<Item> query(String tableName, Query query) {
        return engine.query(table(tableName), query == null ? Query.all() : query);
    }

    @Override
    public boolean delete(String tableName, String key) {
        return engine.delete(table(tableName), key, null);
    }

    @Override
    public boolean delete(String tableName, String key, long expectedVersion) {
        return engine.delete(table(tableName), key, expectedVersion);
    }

    @Override
    public long tableSize(String tableName) {
        return engine.tableSize(table(tableName));
    }

    @Override
    public boolean tableExists(String tableName) {
        return engine.tableExists(table(tableName));
    }

    @Override
    public List<String> tables() {
        List<String> out = new ArrayList<>();
        for (String t : EmbeddedDatabase.storedTables(engine, database)) {
            out.add(Names.tableOf(t));
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean deleteTable(String tableName) {
        return engine.deleteTable(table(tableName));
    }

    @Override
    public void flush() {
        engine.flush();
    }

    @Override
    public void flushWAL() {
        engine.flushWAL();
    }

    @Override
    public List<String> dump(String tableName) {
        if (tableName != null) {
            return engine.dump(table(tableName));
        }
        List<String> written = new ArrayList<>();
        for (String t : EmbeddedDatabase.storedTables(engine, database)) {
            written.addAll(engine.dump(t));
        }
        return written;
    }

    @Override
    public int cleanupExpiredItems() {
        return engine.cleanupExpiredItems();
    }

    /** Events of this database only, with plain table names. */
    @Override
    public Subscription subscribe(String tableName, SubscribeOptions options, ChangeListener listener) {
        if (listener == null) {
            throw new ValidationException("listener is missing");
        }
        String stored = tableName == null ? null : table(tableName);
        return engine.subscribe(stored, options, new ChangeListener() {
            @Override
            public void onChange(ChangeEvent event) throws Exception {
                forward(event, listener);
            }

            @Override
            public void onError(dev.mikrodb.MikroDBException error) {
                listener.onError(error);
            }
        });
    }

    @Override
    public long revision() {
        return engine.revision();
    }

    private void forward(ChangeEvent event, ChangeListener listener) throws Exception {
        if (Names.databaseOf(event.table()).equals(database)) {
            listener.onChange(new ChangeEvent(event.operation(), Names.tableOf(event.table()), event.key(),
                    event.record(), event.version(), event.timestamp(), event.revision(), event.previous()));
        }
    }

    @Override
    public IndexInfo createIndex(String tableName, IndexSpec spec) {
        return engine.createIndex(table(tableName), spec);
    }

    @Override
    public boolean dropIndex(String tableName, String indexName) {
        return engine.dropIndex(table(tableName), indexName);
    }

    @Override
    public List<IndexInfo> indexes(String tableName) {
        return engine.indexes(table(tableName));
    }

    @Override
    public KeyList list(String tableName, ListOptions options) {
        return engine.list(table(tableName), options);
    }

    @Override
    public Explained explain(String tableName, Query query) {
        return engine.explain(table(tableName), query == null ? Query.all() : query);
    }

    @Override
    public DocumentDatabase database(String name) {
        return new EmbeddedDatabase(engine, name);
    }

    @Override
    public List<String> databases() {
        return EmbeddedDatabase.databases(engine);
    }

    @Override
    public MikroStore inDatabase(String name) {
        return new ScopedStore(engine, name, () -> { });
    }

    @Override
    public void close() {
        onClose.run();
    }
}
