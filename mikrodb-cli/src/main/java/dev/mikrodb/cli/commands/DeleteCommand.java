package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Delete an item. Exit 1 when it does not exist or the version differs.")
public final class DeleteCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "1", paramLabel = "KEY", description = "The item's key.")
    String key;

    @Option(names = "--expectedVersion", paramLabel = "N", description = "Delete only if the current version is N.")
    Long expectedVersion;

    public DeleteCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        boolean deleted = expectedVersion == null ? store.delete(table, key) : store.delete(table, key,
                expectedVersion);
        if (!deleted) {
            out().error("not found: no item '" + key + "' in table '" + table + "'");
            return ExitCodes.NOT_FOUND_OR_CONFLICT;
        }
        if (out().pretty()) {
            out().info("deleted " + table + "/" + key);
        } else {
            out().line("{\"success\":true}");
        }
        return ExitCodes.OK;
    }
}
