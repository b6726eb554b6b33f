package dev.mikrodb.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.DatabaseStats;
import dev.mikrodb.DocumentCollection;
import dev.mikrodb.DocumentDatabase;
import dev.mikrodb.wire.DocumentCodec;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.WireJson;
import java.util.List;

/** A document database over HTTP: {@code /db/{db}} and its collections. */
public final class RemoteDatabase implements DocumentDatabase {
    private final JsonCalls calls;
    private final String name;

    public RemoteDatabase(JsonCalls calls, String name) {
        Fields.checkDatabaseName(name);
        this.calls = calls;
        this.name = name;
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    String path() {
        return "/db/" + encode(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DocumentCollection collection(String collection) {
        return new RemoteCollection(calls, this, collection);
    }

    @Override
    public List<String> collections() {
        JsonNode answer = calls.get(path());
        return answer == null ? List.of() : DocumentCodec.strings(answer.get("collections"));
    }

    /** Creates the collection by the key-value API's table creation: a write and delete would leave no table. */
    @Override
    public boolean createCollection(String collection) {
        Fields.checkTableName(collection);
        JsonNode answer = calls.post(path() + "/" + encode(collection) + "/create", WireJson.object(), false);
        return answer.path("created").asBoolean();
    }

    @Override
    public boolean dropCollection(String collection) {
        Fields.checkTableName(collection);
        return calls.delete("/table?databaseName=" + encode(name) + "&tableName=" + encode(collection)) != null;
    }

    @Override
    public DatabaseStats stats() {
        JsonNode answer = calls.get(path() + "/stats");
        return answer == null ? new DatabaseStats(name, 0, 0, 0) : DocumentCodec.stats(answer);
    }

    @Override
    public boolean drop() {
        return calls.delete(path()) != null;
    }
}
