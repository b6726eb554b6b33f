package dev.mikrodb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2 MVStore with a String to byte[] map. A write is followed by {@code commit()} (written to the file, like MikroDB's
 * {@code os}) and, for sync, {@code sync()}. Queries scan the map and parse each value with Jackson.
 */
final class MvStoreEngine implements Engine {
    private MVStore store;
    private MVMap<String, byte[]> map;
    private boolean sync;

    @Override
    public void open(Path dir, boolean sync) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        this.sync = sync;
        store = new MVStore.Builder().fileName(dir.resolve("data.mv").toString()).autoCommitDisabled().open();
        map = store.openMap("users");
    }

    private void durable() {
        store.commit();
        if (sync) {
            store.sync();
        }
    }

    @Override
    public void put(String key, byte[] json, com.fasterxml.jackson.databind.JsonNode tree) {
        map.put(key, json);
        durable();
    }

    @Override
    public Object get(String key) {
        return map.get(key);
    }

    @Override
    public void putBatch(List<String> keys, List<byte[]> values, List<com.fasterxml.jackson.databind.JsonNode> trees) {
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), values.get(i));
        }
        durable();
    }

    @Override
    public void delete(String key) {
        map.remove(key);
        durable();
    }

    @Override
    public List<?> filter() {
        return Dataset.scanFilter(map.values());
    }

    @Override
    public List<?> filterSorted() {
        return Dataset.scanFilterSorted(map.values());
    }

    @Override
    public List<?> scan(String startKey, int count) {
        List<byte[]> out = new ArrayList<>(count);
        var it = map.keyIterator(startKey);
        while (it.hasNext() && out.size() < count) {
            out.add(map.get(it.next()));
        }
        return out;
    }

    @Override
    public void checkpoint() {
        store.commit();
        store.sync();
    }

    @Override
    public String describe(boolean sync) {
        return "H2 MVStore 2.3 (commit() per write" + (sync ? " + sync()" : "") + ")";
    }

    @Override
    public void close() {
        store.close();
    }
}
