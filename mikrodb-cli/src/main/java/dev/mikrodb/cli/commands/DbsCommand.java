package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "dbs", description = "List the databases.")
public final class DbsCommand extends StoreCommand {
    public DbsCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        List<String> names = store.databases();
        if (out().pretty()) {
            names.forEach(out()::line);
            out().info(names.size() + (names.size() == 1 ? " database" : " databases"));
        } else {
            out().json(WireJson.mapper().valueToTree(names));
        }
        return ExitCodes.OK;
    }
}
