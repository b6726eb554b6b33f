package dev.mikrodb.bench.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.bench.BenchJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dizitart.no2.Nitrite;
import org.dizitart.no2.collection.Document;
import org.dizitart.no2.collection.NitriteCollection;
import org.dizitart.no2.filters.FluentFilter;
import org.dizitart.no2.mvstore.MVStoreModule;

/**
 * Nitrite 4.3 on its MVStore adapter, committed after every operation so an acknowledged write survives a killed
 * process as MikroDB's do (MVStore writes its commit to the file, not fsynced: the "os" guarantee). Documents keep
 * MikroDB's string {@code _id} in a field of their own beside Nitrite's internal id.
 */
final class NitriteDocEngine implements DocEngine {
    private Nitrite db;
    private NitriteCollection users;

    @Override
    public void open(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        db = Nitrite.builder().loadModule(MVStoreModule.withConfig().filePath(dir.resolve("nitrite.db").toFile())
                .autoCommit(false).build()).openOrCreate();
        users = db.getCollection("users");
    }

    @Override
    public void insertMany(List<JsonNode> docs) {
        Document[] batch = new Document[docs.size()];
        for (int i = 0; i < batch.length; i++) {
            JsonNode d = docs.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = BenchJson.mapper().convertValue(d, Map.class);
            fields.put("key", fields.remove("_id"));
            batch[i] = Document.createDocument(fields);
        }
        users.insert(batch);
        db.commit();
    }

    @Override
    public List<?> findByCountry(String value) {
        return users.find(FluentFilter.where("country").eq(value)).toList();
    }

    @Override
    public void incrementRevision(String id) {
        Document doc = users.find(FluentFilter.where("key").eq(id)).firstOrNull();
        Number revision = (Number) doc.get("revision");
        doc.put("revision", revision.longValue() + 1);
        users.update(doc);
        db.commit();
    }

    @Override
    public void close() {
        db.close();
    }
}
