package dev.mikrodb.cli.commands;

import dev.mikrodb.DocumentCollection;
import dev.mikrodb.MikroStore;
import dev.mikrodb.UpdateOptions;
import dev.mikrodb.UpdateResult;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.DocumentCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = "Update the first matching document (all with --many) with operators such as {\"$set\": {...}}.")
public final class UpdateCommand extends DocumentCommand {
    @Parameters(index = "0", paramLabel = "COLLECTION", description = "The collection, in the database chosen with 'use'.")
    String collection;

    @Parameters(index = "1", paramLabel = "FILTER", description = "A JSON filter in MongoDB's query language.")
    String filter;

    @Parameters(index = "2", paramLabel = "UPDATE", description = "e.g. {\"$inc\": {\"visits\": 1}}.")
    String update;

    @Option(names = "--many", description = "Update every matching document, atomically.")
    boolean many;

    @Option(names = "--upsert", description = "Insert a document when none matches.")
    boolean upsert;

    public UpdateCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        DocumentCollection c = collection(store, collection);
        UpdateOptions options = new UpdateOptions(upsert, null);
        UpdateResult r = many ? c.updateMany(json(filter, "filter"), json(update, "update"), options)
                : c.updateOne(json(filter, "filter"), json(update, "update"), options);
        if (out().pretty()) {
            out().line("matched " + r.matchedCount() + ", modified " + r.modifiedCount()
                    + (r.upsertedId() == null ? "" : ", upserted " + r.upsertedId()));
        } else {
            out().json(DocumentCodec.toJson(r));
        }
        return ExitCodes.OK;
    }
}
