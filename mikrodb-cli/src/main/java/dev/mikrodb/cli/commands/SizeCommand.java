package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "size", description = "Count the live items of a table (0 for a table that does not exist).")
public final class SizeCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    public SizeCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        // A table that does not exist holds no items, as 'query' and 'ls' show it: 0, not an error.
        out().line(String.valueOf(store.tableExists(table) ? store.tableSize(table) : 0));
        return ExitCodes.OK;
    }
}
