package dev.mikrodb.cli.commands;

import dev.mikrodb.FindOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "find", description = "Find documents with a MongoDB filter (docs/documents.md), optionally sorted, paged and projected.")
public final class FindCommand extends DocumentCommand {
    @Parameters(index = "0", paramLabel = "COLLECTION", description = "The collection, in the database chosen with 'use'.")
    String collection;

    @Parameters(index = "1", paramLabel = "FILTER", arity = "0..1", description = "e.g. {\"age\": {\"$gt\": 30}}; all documents when absent.")
    String filter;

    @Option(names = "--sort", paramLabel = "JSON", description = "e.g. {\"age\": -1}.")
    String sort;

    @Option(names = "--limit", paramLabel = "N", description = "Return at most N results.")
    long limit;

    @Option(names = "--skip", paramLabel = "N", description = "Skip the first N documents (after sorting).")
    long skip;

    @Option(names = "--projection", paramLabel = "JSON", description = "e.g. {\"name\": 1, \"_id\": 0}.")
    String projection;

    public FindCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        FindOptions options = new FindOptions(json(sort, "--sort"), skip, limit, json(projection, "--projection"));
        out().documents(collection(store, collection).find(json(filter, "filter"), options));
        return ExitCodes.OK;
    }
}
