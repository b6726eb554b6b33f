package dev.mikrodb.cli.commands;

import dev.mikrodb.Item;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Show one item: its value, key and version. Exit 1 when it does not exist.")
public final class GetCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "1", paramLabel = "KEY", description = "The item's key.")
    String key;

    public GetCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        Optional<Item> item = store.get(table, key);
        if (item.isEmpty()) {
            out().error("not found: no item '" + key + "' in table '" + table + "'");
            return ExitCodes.NOT_FOUND_OR_CONFLICT;
        }
        out().item(item.get());
        return ExitCodes.OK;
    }
}
