package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "collections", description = "List the collections of the current database.")
public final class CollectionsCommand extends DocumentCommand {
    public CollectionsCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        List<String> names = store.database(database()).collections();
        if (out().pretty()) {
            names.forEach(out()::line);
            out().info(names.size() + (names.size() == 1 ? " collection" : " collections") + " in " + database());
        } else {
            out().json(WireJson.mapper().valueToTree(names));
        }
        return ExitCodes.OK;
    }
}
