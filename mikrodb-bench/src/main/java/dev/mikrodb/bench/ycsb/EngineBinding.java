package dev.mikrodb.bench.ycsb;

import dev.mikrodb.bench.BenchJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.bench.EngineAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * YCSB binding for MikroDB (embedded, or remote through the client) and for the peer engines, through the same
 * adapters as the JMH benchmarks, so every engine runs the same workloads. Properties: {@code mikrodb.engine}
 * (mikrodb, mikrodb-remote, h2mvstore, sqlite, rocksdb), {@code mikrodb.dir} (default: a new temporary directory),
 * {@code mikrodb.sync} (default false), {@code mikrodb.warmup.seconds} (default 0: none; see {@link Warmup}). A record
 * is one JSON object of its fields plus {@code "_key"}.
 */
public final class EngineBinding extends DB {
    private static final Object LOCK = new Object();
    /** The one engine all client threads share (YCSB makes one DB object per thread). */
    private static EngineAccess shared;
    private static int users;

    private EngineAccess engine;

    /** YCSB makes each binding by reflection. */
    public EngineBinding() {
    }

    /** A binding on an open engine with the run's properties: the warm-up's threads. */
    EngineBinding(EngineAccess engine, Properties p) {
        this.engine = engine;
        super.setProperties(p);
    }

    /**
     * YCSB hands each binding its properties on the main thread before it starts its clock (init runs on the client
     * threads after): the first opens the shared engine here and, with {@link Warmup#SECONDS_PROPERTY}, warms it, so
     * neither is counted in the run.
     */
    @Override
    public void setProperties(Properties p) {
        super.setProperties(p);
        synchronized (LOCK) {
            if (shared != null) {
                return;
            }
            EngineAccess opened;
            try {
                opened = open(p);
            } catch (Exception e) {
                throw new IllegalStateException("cannot open engine: " + e, e);
            }
            try {
                Warmup.run(opened, p);
            } catch (Exception e) {
                try {
                    opened.close(); // an in-process server's threads would keep the JVM from exiting
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e instanceof RuntimeException r ? r : new IllegalStateException("warm-up failed: " + e, e);
            }
            shared = opened;
        }
    }

    @Override
    public void init() throws DBException {
        if (engine != null) {
            return; // made on an open engine, for the warm-up, which closes none
        }
        synchronized (LOCK) {
            if (shared == null) {
                try {
                    shared = open(getProperties());
                } catch (Exception e) {
                    throw new DBException("cannot open engine: " + e, e);
                }
            }
            users++;
            engine = shared;
        }
    }

    private static EngineAccess open(Properties p) throws Exception {
        String name = p.getProperty("mikrodb.engine", "mikrodb");
        String dir = p.getProperty("mikrodb.dir");
        Path path = dir != null ? Path.of(dir) : Files.createTempDirectory("ycsb-" + name);
        boolean sync = Boolean.parseBoolean(p.getProperty("mikrodb.sync", "false"));
        return EngineAccess.open(name, path, sync);
    }

    @Override
    public void cleanup() throws DBException {
        synchronized (LOCK) {
            if (--users == 0 && shared != null) {
                try {
                    shared.close();
                } catch (Exception e) {
                    throw new DBException(e);
                } finally {
                    shared = null;
                }
            }
        }
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            JsonNode record = engine.read(key);
            if (record == null) {
                return Status.NOT_FOUND;
            }
            copy(record, fields, result);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
                       Vector<HashMap<String, ByteIterator>> result) {
        try {
            for (JsonNode record : engine.scan(startkey, recordcount)) {
                HashMap<String, ByteIterator> row = new HashMap<>();
                copy(record, fields, row);
                result.add(row);
            }
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    /** YCSB updates a subset of fields: read, merge, write. */
    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        try {
            JsonNode current = engine.read(key);
            ObjectNode merged = current instanceof ObjectNode o ? o : BenchJson.object().put("_key", key);
            StringByteIterator.getStringMap(values).forEach(merged::put);
            engine.write(key, merged);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        try {
            ObjectNode record = BenchJson.object().put("_key", key);
            StringByteIterator.getStringMap(values).forEach(record::put);
            engine.write(key, record);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status delete(String table, String key) {
        try {
            engine.delete(key);
            return Status.OK;
        } catch (Exception e) {
            return Status.ERROR;
        }
    }

    private static void copy(JsonNode record, Set<String> fields, Map<String, ByteIterator> out) {
        record.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("_key") && (fields == null || fields.contains(f.getKey()))) {
                out.put(f.getKey(), new StringByteIterator(f.getValue().asText()));
            }
        });
    }

}
