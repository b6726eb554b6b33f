package dev.mikrodb.bench.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** MikroDB's document API, embedded, os durability. */
final class MikroDocEngine implements DocEngine {
    private MikroDB db;
    private DocumentCollection users;

    @Override
    public void open(Path dir) {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
        users = db.database("bench").collection("users");
    }

    @Override
    public void insertMany(List<JsonNode> docs) {
        users.insertMany(docs);
    }

    @Override
    public List<?> findByCountry(String value) {
        return users.find(Map.of("country", value));
    }

    @Override
    public void incrementRevision(String id) {
        users.updateOne(Map.of("_id", id), Map.of("$inc", Map.of("revision", 1)));
    }

    @Override
    public void close() {
        db.close();
    }
}
