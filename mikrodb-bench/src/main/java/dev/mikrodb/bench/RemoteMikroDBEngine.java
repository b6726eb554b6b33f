package dev.mikrodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.Durability;
import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.client.MikroDBClient;
import dev.mikrodb.config.ServerSettings;
import dev.mikrodb.server.MikroServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** MikroDB through its HTTP API: an in-process server on a loopback port, reached with {@link MikroDBClient}. */
final class RemoteMikroDBEngine implements Engine {
    private MikroDB db;
    private MikroServer server;
    private MikroDBClient client;

    @Override
    public void open(Path dir, boolean sync) {
        db = MikroDB.open(MikroOptions.builder().databaseDirectory(dir)
                .durability(sync ? Durability.SYNC : Durability.OS).build());
        server = MikroServer.start(db, ServerSettings.builder().port(0).build());
        client = MikroDBClient.connect(server.baseUrl());
    }

    @Override
    public void put(String key, byte[] json, JsonNode tree) {
        client.write(WriteRequest.of(MikroDBEngine.TABLE, key, tree));
    }

    @Override
    public Object get(String key) {
        return client.get(MikroDBEngine.TABLE, key).orElse(null);
    }

    @Override
    public void putBatch(List<String> keys, List<byte[]> values, List<JsonNode> trees) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            batch.add(WriteRequest.of(MikroDBEngine.TABLE, keys.get(i), trees.get(i)));
        }
        client.writeBatch(batch);
    }

    @Override
    public void delete(String key) {
        client.delete(MikroDBEngine.TABLE, key);
    }

    @Override
    public List<?> filter() {
        return client.query(MikroDBEngine.TABLE, MikroDBEngine.FILTER);
    }

    @Override
    public List<?> filterSorted() {
        return client.query(MikroDBEngine.TABLE, MikroDBEngine.FILTER_SORTED);
    }

    @Override
    public List<?> scan(String startKey, int count) {
        KeyList page = client.list(MikroDBEngine.TABLE, new ListOptions(null, startKey, null,
                Math.min(count, ListOptions.MAX_LIMIT), null, false));
        List<Object> values = new ArrayList<>(page.keys().size());
        for (KeyList.Key k : page.keys()) {
            client.get(MikroDBEngine.TABLE, k.key()).ifPresent(values::add);
        }
        return values;
    }

    @Override
    public void checkpoint() {
        client.flush();
    }

    @Override
    public String describe(boolean sync) {
        return "MikroDB over HTTP (client, loopback server, " + (sync ? "sync" : "os") + ")";
    }

    @Override
    public void close() {
        client.close();
        server.stop();
        db.close();
    }
}
