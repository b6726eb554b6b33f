package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "insert", description = "Insert a document (or an array of documents, atomically); prints the _id(s).")
public final class InsertCommand extends DocumentCommand {
    @Parameters(index = "0", paramLabel = "COLLECTION", description = "The collection, in the database chosen with 'use'.")
    String collection;

    @Parameters(index = "1", paramLabel = "JSON", description = "A document such as {\"name\": \"Ada\"}; _id is generated when absent.")
    String document;

    public InsertCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        JsonNode doc = json(document, "document");
        List<String> ids;
        if (doc.isArray()) {
            List<JsonNode> docs = new ArrayList<>();
            doc.forEach(docs::add);
            ids = collection(store, collection).insertMany(docs).insertedIds();
        } else {
            ids = List.of(collection(store, collection).insertOne(doc).insertedId());
        }
        if (out().pretty()) {
            ids.forEach(id -> out().line("inserted " + id));
        } else {
            out().json(WireJson.object().set("inserted_ids", WireJson.mapper().valueToTree(ids)));
        }
        return ExitCodes.OK;
    }
}
