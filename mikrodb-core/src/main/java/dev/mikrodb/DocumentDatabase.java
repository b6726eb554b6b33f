package dev.mikrodb;

import java.util.List;

/**
 * A database of the document API: a named namespace of collections, isolated from other databases. Obtained from
 * {@link MikroStore#database(String)}; writes create the database and its collections as needed.
 *
 * <p>Names: 1-64 letters, digits, {@code _} and {@code -}, not starting with a digit, not {@code admin},
 * {@code config} or {@code local}. The key-value API's tables are the collections of the database {@code default}.
 */
public interface DocumentDatabase {
    String name();

    /** The collection {@code name} (a table of this database); it comes into being with its first write. */
    DocumentCollection collection(String name);

    /** Names of this database's collections, sorted. */
    List<String> collections();

    /** Creates an empty collection; returns false if it existed already. */
    boolean createCollection(String name);

    /** Drops a collection and its documents; returns false if there was none. */
    boolean dropCollection(String name);

    /** Collections, documents and bytes of document JSON in this database. */
    DatabaseStats stats();

    /**
     * Drops the database: every collection, in one atomic and durable step (a crash leaves all of it or none).
     * Returns false when it held nothing.
     */
    boolean drop();
}
