package dev.mikrodb.internal.document;

import dev.mikrodb.DatabaseStats;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.DocumentDatabase;
import dev.mikrodb.Item;
import dev.mikrodb.Query;
import dev.mikrodb.internal.api.ItemAccess;
import dev.mikrodb.internal.engine.Database;
import dev.mikrodb.internal.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A database of the embedded document API: the tables whose engine names carry its prefix ({@code inv~products}), or
 * the plain tables for {@code default}.
 */
public final class EmbeddedDatabase implements DocumentDatabase {
    private final Database engine;
    private final String name;

    public EmbeddedDatabase(Database engine, String name) {
        Names.checkDatabaseName(name);
        this.engine = engine;
        this.name = name;
    }

    /** Names of the databases holding at least one table ({@code default} when plain tables exist), sorted. */
    public static List<String> databases(Database engine) {
        TreeSet<String> names = new TreeSet<>();
        for (String t : engine.tables()) {
            names.add(Names.databaseOf(t));
        }
        names.remove("admin"); // system data: index definitions, settings
        return new ArrayList<>(names);
    }

    /** The engine names of a database's tables. */
    static List<String> storedTables(Database engine, String database) {
        List<String> out = new ArrayList<>();
        for (String t : engine.tables()) {
            if (Names.databaseOf(t).equals(database)) {
                out.add(t);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DocumentCollection collection(String collection) {
        return new EmbeddedCollection(engine, name, collection);
    }

    @Override
    public List<String> collections() {
        List<String> out = new ArrayList<>();
        for (String t : storedTables(engine, name)) {
            out.add(Names.tableOf(t));
        }
        out.sort(null);
        return out;
    }

    @Override
    public boolean createCollection(String collection) {
        Names.checkTableName(collection);
        return engine.createTable(Names.qualify(name, collection));
    }

    @Override
    public boolean dropCollection(String collection) {
        Names.checkTableName(collection);
        return engine.deleteTable(Names.qualify(name, collection));
    }

    @Override
    public DatabaseStats stats() {
        List<String> tables = storedTables(engine, name);
        long documents = 0;
        long bytes = 0;
        for (String t : tables) {
            for (Item item : engine.query(t, Query.all())) {
                documents++;
                bytes += ItemAccess.json(item).length;
            }
        }
        return new DatabaseStats(name, tables.size(), documents, bytes);
    }

    @Override
    public boolean drop() {
        return !engine.dropTables(storedTables(engine, name)).isEmpty();
    }
}
