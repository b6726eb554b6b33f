package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "count", description = "Count the documents matching a filter (all when absent).")
public final class CountCommand extends DocumentCommand {
    @Parameters(index = "0", paramLabel = "COLLECTION", description = "The collection, in the database chosen with 'use'.")
    String collection;

    @Parameters(index = "1", paramLabel = "FILTER", arity = "0..1", description = "A JSON filter in MongoDB's query language.")
    String filter;

    public CountCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        long n = collection(store, collection).count(json(filter, "filter"));
        if (out().pretty()) {
            out().line(String.valueOf(n));
        } else {
            out().json(WireJson.object().put("count", n));
        }
        return ExitCodes.OK;
    }
}
