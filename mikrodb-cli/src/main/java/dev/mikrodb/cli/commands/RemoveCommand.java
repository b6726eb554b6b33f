package dev.mikrodb.cli.commands;

import dev.mikrodb.DocumentCollection;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.DocumentCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Delete the first matching document (all with --many).")
public final class RemoveCommand extends DocumentCommand {
    @Parameters(index = "0", paramLabel = "COLLECTION", description = "The collection, in the database chosen with 'use'.")
    String collection;

    @Parameters(index = "1", paramLabel = "FILTER", description = "e.g. {\"status\": \"done\"}; {} matches every document.")
    String filter;

    @Option(names = "--many", description = "Delete every matching document, atomically.")
    boolean many;

    public RemoveCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        DocumentCollection c = collection(store, collection);
        var r = many ? c.deleteMany(json(filter, "filter")) : c.deleteOne(json(filter, "filter"));
        if (out().pretty()) {
            out().line("deleted " + r.deletedCount());
        } else {
            out().json(DocumentCodec.toJson(r));
        }
        return ExitCodes.OK;
    }
}
