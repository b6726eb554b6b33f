package dev.mikrodb.bench;

import dev.mikrodb.Durability;
import dev.mikrodb.Item;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.Query;
import dev.mikrodb.RawJson;
import dev.mikrodb.WriteRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** MikroDB, embedded: {@code os} durability for the non-sync runs, {@code sync} (group commit) otherwise. */
final class MikroDBEngine implements Engine {
    static final String TABLE = "users";
    private MikroDB db;
    static final Query FILTER = Query.builder().filter(Dataset.FILTER_JSON).build();
    static final Query FILTER_SORTED = Query.builder().filter(Dataset.FILTER_JSON).sort("{\"age\": 1}").build();


    @Override
    public void open(Path dir, boolean sync) {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir)
                .durability(sync ? Durability.SYNC : Durability.OS).build());
    }

    /** Writes the JSON bytes every engine gets (RocksDB and MVStore store them as they are), checked once. */
    @Override
    public void put(String key, byte[] json, com.fasterxml.jackson.databind.JsonNode tree) {
        db.write(WriteRequest.of(TABLE, key, RawJson.of(json)));
    }

    @Override
    public Object get(String key) {
        Optional<Item> item = db.get(TABLE, key);
        return item.orElse(null); // the value stays unparsed until asked for, as for a caller that forwards it
    }

    @Override
    public void putBatch(List<String> keys, List<byte[]> values, List<com.fasterxml.jackson.databind.JsonNode> trees) {
        List<WriteRequest> batch = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            batch.add(WriteRequest.of(TABLE, keys.get(i), RawJson.of(values.get(i))));
        }
        db.writeBatch(batch);
    }

    @Override
    public void delete(String key) {
        db.delete(TABLE, key);
    }

    @Override
    public List<?> filter() {
        return db.query(TABLE, FILTER);
    }

    @Override
    public List<?> filterSorted() {
        return db.query(TABLE, FILTER_SORTED);
    }

    /** YCSB's scan: the ordered key listing from the start key, then each value, as a KV user writes it. */
    @Override
    public List<?> scan(String startKey, int count) {
        KeyList page = db.list(TABLE, new ListOptions(null, startKey, null, Math.min(count, ListOptions.MAX_LIMIT),
                null, false));
        List<Item> items = new ArrayList<>(page.keys().size());
        for (KeyList.Key k : page.keys()) {
            db.get(TABLE, k.key()).ifPresent(items::add);
        }
        return items;
    }

    @Override
    public void checkpoint() {
        db.flush();
    }

    @Override
    public String describe(boolean sync) {
        return "MikroDB (" + (sync ? "sync: fsync per commit, group commit" : "os: WAL write() per commit") + ")";
    }

    @Override
    public void close() {
        db.close();
    }
}
