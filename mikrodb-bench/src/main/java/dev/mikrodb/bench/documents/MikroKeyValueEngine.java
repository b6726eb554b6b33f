package dev.mikrodb.bench.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.Item;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Query;
import dev.mikrodb.WriteRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same workloads through MikroDB's key-value API, as a key-value user writes them (read, modify, conditional
 * write): the document API's cost over the engine's, side by side.
 */
final class MikroKeyValueEngine implements DocEngine {
    private MikroDB db;

    @Override
    public void open(Path dir) {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir).build());
    }

    @Override
    public void insertMany(List<JsonNode> docs) {
        List<WriteRequest> batch = new ArrayList<>(docs.size());
        for (JsonNode d : docs) {
            batch.add(WriteRequest.builder("users", d.get("_id").asText()).value(d).expectedVersion(0).build());
        }
        db.writeBatch(batch);
    }

    @Override
    public List<?> findByCountry(String value) {
        return db.query("users", Query.builder().filter("{\"country\": \"" + value + "\"}").build());
    }

    @Override
    public void incrementRevision(String id) {
        Item item = db.get("users", id).orElseThrow();
        ObjectNode doc = (ObjectNode) item.value();
        doc.put("revision", doc.get("revision").asLong() + 1);
        db.write(WriteRequest.builder("users", id).value(doc).expectedVersion(item.version()).build());
    }

    @Override
    public void close() {
        db.close();
    }
}
