package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "dump", description = "Write <table>_dump.json (plain JSON) into the database directory, for one table or all.")
public final class DumpCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", arity = "0..1")
    String table;

    public DumpCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        List<String> files = store.dump(table);
        if (out().pretty()) {
            files.forEach(f -> out().line("wrote " + f));
        } else {
            out().json(WireJson.mapper().valueToTree(files));
        }
        return ExitCodes.OK;
    }
}
