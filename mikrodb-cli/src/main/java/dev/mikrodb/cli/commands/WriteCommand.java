package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.WriteRequest;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import dev.mikrodb.wire.WriteRequestCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "write", aliases = "put", description = "Write an item; prints its new version. Exit 1 on a version conflict.")
public final class WriteCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "1", paramLabel = "KEY", description = "The item's key.")
    String key;

    @Parameters(index = "2", paramLabel = "JSON", description = "The value as JSON: {\"name\": \"Ada\"}, 42, '\"text\"', null.")
    String json;

    @Option(names = "--expectedVersion", paramLabel = "N", description = "Write only if the current version is N (0: must not exist).")
    Long expectedVersion;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "Expire this many seconds from now.")
    Double ttlSeconds;

    @Option(names = "--expiration", paramLabel = "EPOCH_MS", description = "Expire at this absolute time, epoch milliseconds.")
    Long expiration;

    public WriteCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        JsonNode value = parseValue(json);
        if (value.isTextual() && !json.strip().startsWith("\"")) {
            out().notice("stored the text as the JSON string " + WireJson.toString(value));
        }
        WriteRequest.Builder b = WriteRequest.builder(table, key).value(value);
        if (expectedVersion != null) {
            b.expectedVersion(expectedVersion);
        }
        if (ttlSeconds != null) {
            b.ttl(WriteRequestCodec.ttl(ttlSeconds, "--ttl"));
        }
        if (expiration != null) {
            b.expiration(expiration);
        }
        long version = store.write(b.build());
        if (out().pretty()) {
            out().info("written " + table + "/" + key + ", version " + version);
        } else {
            out().line("{\"version\":" + version + "}");
        }
        return ExitCodes.OK;
    }

    /**
     * The value as JSON; text that is not JSON and starts with a letter ({@code hello world}) is taken as a string,
     * as a person typing it means. Malformed JSON ({@code {"a": 1}, [1,}) stays an error.
     */
    static JsonNode parseValue(String text) {
        try {
            return WireJson.parse(text, "value");
        } catch (ValidationException e) {
            if (!text.isBlank() && Character.isLetter(text.strip().charAt(0))) {
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(text.strip());
            }
            throw e;
        }
    }
}
