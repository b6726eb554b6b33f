package dev.mikrodb.bench.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.bench.BenchJson;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite with JSON1, as its users store documents: a table {@code (id TEXT PRIMARY KEY, doc TEXT)}, WAL mode,
 * {@code synchronous=NORMAL} (survives a killed process), {@code json_extract} for the filter and {@code json_set}
 * for the increment, a transaction per batch.
 */
final class SqliteDocEngine implements DocEngine {
    private Connection c;
    private PreparedStatement insert;
    private PreparedStatement find;
    private PreparedStatement increment;

    @Override
    public void open(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("docs.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, doc TEXT NOT NULL)");
        }
        insert = c.prepareStatement("INSERT INTO users (id, doc) VALUES (?, ?)");
        find = c.prepareStatement("SELECT doc FROM users WHERE json_extract(doc, '$.country') = ?");
        increment = c.prepareStatement("UPDATE users SET doc = json_set(doc, '$.revision', "
                + "json_extract(doc, '$.revision') + 1) WHERE id = ?");
    }

    @Override
    public void insertMany(List<JsonNode> docs) throws Exception {
        c.setAutoCommit(false);
        try {
            for (JsonNode d : docs) {
                insert.setString(1, d.get("_id").asText());
                insert.setString(2, BenchJson.mapper().writeValueAsString(d));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    @Override
    public List<?> findByCountry(String value) throws Exception {
        find.setString(1, value);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = find.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public void incrementRevision(String id) throws Exception {
        increment.setString(1, id);
        increment.executeUpdate();
    }

    @Override
    public void close() throws Exception {
        c.close();
    }
}
