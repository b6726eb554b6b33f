package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "drop", description = "Delete a table and its file. Exit 1 when it does not exist.")
public final class DropCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE")
    String table;

    public DropCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        if (!store.deleteTable(table)) {
            out().error("not found: no table '" + table + "'");
            return ExitCodes.NOT_FOUND_OR_CONFLICT;
        }
        if (out().pretty()) {
            out().info("dropped table " + table);
        } else {
            out().line("{\"success\":true}");
        }
        return ExitCodes.OK;
    }
}
