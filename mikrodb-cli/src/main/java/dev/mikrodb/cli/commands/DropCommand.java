package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "drop", description = "Delete a table, its files and its old dump. Exit 1 when it does not exist.")
public final class DropCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
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
        if (store instanceof dev.mikrodb.MikroDB db) {
            // a dump of the dropped table would describe data that no longer exists
            try {
                java.nio.file.Files.deleteIfExists(db.directory().resolve(table + "_dump.json"));
            } catch (java.io.IOException e) {
                out().notice("note: could not delete the old dump " + table + "_dump.json: " + e.getMessage());
            }
        }
        if (out().pretty()) {
            out().info("dropped table " + table);
        } else {
            out().line("{\"success\":true}");
        }
        return ExitCodes.OK;
    }
}
