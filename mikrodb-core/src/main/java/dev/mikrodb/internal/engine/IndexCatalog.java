package dev.mikrodb.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.IndexSpec;
import dev.mikrodb.internal.index.TableIndex;
import dev.mikrodb.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The index definitions of every table. They are items of the system table {@code admin~indexes} (key
 * {@code <table>/<index>}), so they are written through the WAL, checkpointed, encrypted and recovered like any
 * data, and no data route can reach them ({@code admin} is a reserved database). The index entries themselves live
 * in memory and are rebuilt from the items when a table loads.
 */
final class IndexCatalog {
    static final String TABLE = Names.qualify("admin", "indexes");
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb");

    private final Map<String, List<IndexSpec>> byTable = new ConcurrentHashMap<>();

    /** Reads the definitions from the system table (loaded, or recovered, already). */
    static IndexCatalog load(TableCache cache) {
        IndexCatalog catalog = new IndexCatalog();
        Table t = cache.find(TABLE);
        if (t != null) {
            for (Record r : t.records()) {
                JsonNode def = Json.parse(r.value());
                catalog.byTable.computeIfAbsent(def.get("table").asText(), k -> new ArrayList<>())
                        .add(spec(def));
            }
        }
        return catalog;
    }

    List<IndexSpec> specs(String table) {
        return byTable.getOrDefault(table, List.of());
    }

    IndexSpec find(String table, String name) {
        for (IndexSpec s : specs(table)) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Under the commit lock, as the definition commits. */
    void added(String table, IndexSpec spec) {
        List<IndexSpec> next = new ArrayList<>(specs(table));
        next.add(spec);
        byTable.put(table, List.copyOf(next));
    }

    void removed(String table, String name) {
        List<IndexSpec> next = new ArrayList<>(specs(table));
        next.removeIf(s -> s.name().equals(name));
        if (next.isEmpty()) {
            byTable.remove(table);
        } else {
            byTable.put(table, List.copyOf(next));
        }
    }

    /** Builds a loaded table's indexes from its items, before the table is shared. */
    void attach(Table t) {
        if (t.name.equals(TABLE)) {
            return;
        }
        for (IndexSpec spec : specs(t.name)) {
            TableIndex index = new TableIndex(spec);
            for (Record r : t.recordsAnyOrder()) {
                try {
                    index.add(r.key(), r.value());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "index '" + spec.name() + "' of " + t.name
                            + " leaves out item '" + r.key() + "': " + e.getMessage());
                }
            }
            t.indexes.addReady(index);
        }
    }

    static String key(String table, String name) {
        return table + "/" + name;
    }

    static byte[] json(String table, IndexSpec spec) {
        ObjectNode def = Json.MAPPER.createObjectNode().put("table", table).put("name", spec.name())
                .put("unique", spec.unique()).put("sparse", spec.sparse());
        var fields = def.putArray("fields");
        for (IndexSpec.Field f : spec.fields()) {
            fields.addObject().put("path", f.path()).put("order", f.descending() ? -1 : 1);
        }
        return Json.toBytes(def);
    }

    static IndexSpec spec(JsonNode def) {
        List<IndexSpec.Field> fields = new ArrayList<>();
        def.get("fields").forEach(f -> fields.add(new IndexSpec.Field(f.get("path").asText(),
                f.get("order").asInt() < 0)));
        return new IndexSpec(def.get("name").asText(), fields, def.path("unique").asBoolean(),
                def.path("sparse").asBoolean());
    }
}
