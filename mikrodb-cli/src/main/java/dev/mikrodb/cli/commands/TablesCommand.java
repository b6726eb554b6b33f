package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "tables", description = "List the tables.")
public final class TablesCommand extends StoreCommand {
    public TablesCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        List<String> tables = store.tables();
        if (out().pretty()) {
            tables.forEach(out()::line);
            out().info(tables.size() + (tables.size() == 1 ? " table" : " tables"));
        } else {
            out().json(WireJson.mapper().valueToTree(tables));
        }
        return ExitCodes.OK;
    }
}
