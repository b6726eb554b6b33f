package dev.mikrodb.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite (xerial sqlite-jdbc) in WAL mode, a table {@code (key TEXT PRIMARY KEY, value TEXT)}. {@code synchronous=NORMAL}
 * (commits reach the OS, not the disk: survives a killed process) or {@code FULL} for sync. Queries use SQLite's own
 * {@code json_extract}, as a SQLite user would.
 *
 * <p>One connection and its prepared statements serve every caller, so calls are serialized: YCSB's threads share
 * one engine, and a statement's parameters set by one thread while another executed it read or wrote the wrong key
 * (about 1% of YCSB A's operations failed or found nothing, unseen until the binding's warm-up checked each answer).
 */
final class SqliteEngine implements Engine {
    private Connection c;
    private PreparedStatement put;
    private PreparedStatement get;
    private PreparedStatement delete;
    private PreparedStatement filter;
    private PreparedStatement sorted;
    private PreparedStatement scan;

    @Override
    public void open(Path dir, boolean sync) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + (sync ? "FULL" : "NORMAL"));
            s.execute("CREATE TABLE IF NOT EXISTS users (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
        put = c.prepareStatement("INSERT OR REPLACE INTO users (key, value) VALUES (?, ?)");
        get = c.prepareStatement("SELECT value FROM users WHERE key = ?");
        delete = c.prepareStatement("DELETE FROM users WHERE key = ?");
        String where = " FROM users WHERE json_extract(value, '$.age') >= 40 AND json_extract(value, '$.active') = 1";
        filter = c.prepareStatement("SELECT value" + where);
        sorted = c.prepareStatement("SELECT value" + where + " ORDER BY json_extract(value, '$.age')");
        scan = c.prepareStatement("SELECT value FROM users WHERE key >= ? ORDER BY key LIMIT ?");
    }

    @Override
    public synchronized void put(String key, byte[] json, com.fasterxml.jackson.databind.JsonNode tree)
            throws Exception {
        put.setString(1, key);
        put.setString(2, new String(json, StandardCharsets.UTF_8));
        put.executeUpdate();
    }

    @Override
    public synchronized Object get(String key) throws Exception {
        get.setString(1, key);
        try (ResultSet rs = get.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    @Override
    public synchronized void putBatch(List<String> keys, List<byte[]> values,
                                      List<com.fasterxml.jackson.databind.JsonNode> trees) throws Exception {
        c.setAutoCommit(false);
        try {
            for (int i = 0; i < keys.size(); i++) {
                put.setString(1, keys.get(i));
                put.setString(2, new String(values.get(i), StandardCharsets.UTF_8));
                put.addBatch();
            }
            put.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Override
    public synchronized void delete(String key) throws Exception {
        delete.setString(1, key);
        delete.executeUpdate();
    }

    private static List<?> run(PreparedStatement query) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public synchronized List<?> filter() throws Exception {
        return run(filter);
    }

    @Override
    public synchronized List<?> filterSorted() throws Exception {
        return run(sorted);
    }

    @Override
    public synchronized List<?> scan(String startKey, int count) throws Exception {
        scan.setString(1, startKey);
        scan.setInt(2, count);
        return run(scan);
    }

    @Override
    public synchronized void checkpoint() throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Override
    public String describe(boolean sync) {
        return "SQLite 3.50 (WAL, synchronous=" + (sync ? "FULL" : "NORMAL") + ")";
    }

    @Override
    public synchronized void close() throws Exception {
        c.close();
    }
}
