package dev.mikrodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Item;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The engines as the YCSB binding sees them: records as JSON trees, whatever form each engine hands out. */
public final class EngineAccess implements AutoCloseable {
    private final Engine engine;

    private EngineAccess(Engine engine) {
        this.engine = engine;
    }

    public static EngineAccess open(String name, Path dir, boolean sync) throws Exception {
        Engine e = Engine.create(name);
        e.open(dir, sync);
        return new EngineAccess(e);
    }

    public JsonNode read(String key) throws Exception {
        return tree(engine.get(key));
    }

    public List<JsonNode> scan(String startKey, int count) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Object o : engine.scan(startKey, count)) {
            out.add(tree(o));
        }
        return out;
    }

    public void write(String key, JsonNode record) throws Exception {
        engine.put(key, BenchJson.toBytes(record), record);
    }

    public void delete(String key) throws Exception {
        engine.delete(key);
    }

    /** Makes what was written durable in the engine's main files. */
    public void checkpoint() throws Exception {
        engine.checkpoint();
    }

    private static JsonNode tree(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Item item) {
            return item.value();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return BenchJson.parse(s.getBytes(StandardCharsets.UTF_8));
        }
        return BenchJson.parse((byte[]) value);
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }
}
