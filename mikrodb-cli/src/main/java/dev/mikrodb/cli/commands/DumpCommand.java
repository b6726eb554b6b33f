package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump", description = "Export a table as plain JSON (items sorted by key). With --to FILE, into that file; with --to -, to standard output; without --to, <table>_dump.json in the database directory (every table when none is named).")
public final class DumpCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", arity = "0..1", description = "The table.")
    String table;

    @Option(names = "--to", paramLabel = "FILE", description = "Where to write one table's dump: a file, or - for standard output.")
    String to;

    public DumpCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) throws Exception {
        if (to != null) {
            if (table == null) {
                throw new dev.mikrodb.ValidationException("--to needs one table: dump TABLE --to FILE (or -)");
            }
            List<dev.mikrodb.Item> items = new java.util.ArrayList<>(store.query(table, dev.mikrodb.Query.all()));
            items.sort(java.util.Comparator.comparing(dev.mikrodb.Item::key));
            byte[] json = dev.mikrodb.wire.ItemCodec.toBytes(items, true, true);
            if (to.equals("-")) {
                out().out().println(new String(json, java.nio.charset.StandardCharsets.UTF_8));
                out().out().flush();
            } else {
                java.nio.file.Files.write(java.nio.file.Path.of(to), json);
                out().info("wrote " + items.size() + " items to " + to);
            }
            return ExitCodes.OK;
        }
        List<String> files = store.dump(table);
        if (out().pretty()) {
            files.forEach(f -> out().line("wrote " + f));
        } else {
            out().json(WireJson.mapper().valueToTree(files));
        }
        return ExitCodes.OK;
    }
}
