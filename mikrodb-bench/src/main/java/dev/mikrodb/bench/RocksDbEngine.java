package dev.mikrodb.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB (JNI), default options. {@code WriteOptions.sync=false} (the WAL reaches the OS per write: survives a
 * killed process) or {@code true}. Queries iterate and parse each value with Jackson.
 */
final class RocksDbEngine implements Engine {
    static {
        RocksDB.loadLibrary();
    }

    private RocksDB db;
    private Options options;
    private WriteOptions writeOptions;

    @Override
    public void open(Path dir, boolean sync) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        options = new Options().setCreateIfMissing(true);
        writeOptions = new WriteOptions().setSync(sync);
        db = RocksDB.open(options, dir.toString());
    }

    private static byte[] k(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void put(String key, byte[] json, com.fasterxml.jackson.databind.JsonNode tree) throws Exception {
        db.put(writeOptions, k(key), json);
    }

    @Override
    public Object get(String key) throws Exception {
        return db.get(k(key));
    }

    @Override
    public void putBatch(List<String> keys, List<byte[]> values, List<com.fasterxml.jackson.databind.JsonNode> trees) throws Exception {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < keys.size(); i++) {
                batch.put(k(keys.get(i)), values.get(i));
            }
            db.write(writeOptions, batch);
        }
    }

    @Override
    public void delete(String key) throws Exception {
        db.delete(writeOptions, k(key));
    }

    /** Every value, in key order; fine at benchmark sizes. */
    private List<byte[]> allValues() {
        List<byte[]> values = new ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                values.add(it.value());
            }
        }
        return values;
    }

    @Override
    public List<?> filter() {
        return Dataset.scanFilter(allValues());
    }

    @Override
    public List<?> filterSorted() {
        return Dataset.scanFilterSorted(allValues());
    }

    @Override
    public List<?> scan(String startKey, int count) {
        List<byte[]> out = new ArrayList<>(count);
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(k(startKey)); it.isValid() && out.size() < count; it.next()) {
                out.add(it.value());
            }
        }
        return out;
    }

    @Override
    public void checkpoint() throws Exception {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        }
    }

    @Override
    public String describe(boolean sync) {
        return "RocksDB 9.8 (sync=" + sync + ")";
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
    }
}
