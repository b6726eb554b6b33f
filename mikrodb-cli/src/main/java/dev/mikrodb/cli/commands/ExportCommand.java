package dev.mikrodb.cli.commands;

import dev.mikrodb.Item;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Query;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a table's items as JSON lines ({\"key\", \"value\"} per line, sorted by key) to FILE, or to standard output; 'import' reads them back.")
public final class ExportCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "1", paramLabel = "FILE", arity = "0..1", description = "Where to write (default: standard output).")
    Path file;

    public ExportCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) throws Exception {
        List<Item> items = new ArrayList<>(store.query(table, Query.all()));
        items.sort(Comparator.comparing(Item::key));
        Writer w = file == null ? out().out() : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                StandardCharsets.UTF_8));
        try {
            for (Item item : items) {
                w.write(WireJson.toString(WireJson.object().put("key", item.key()).set("value", item.value())));
                w.write('\n');
            }
        } finally {
            if (file == null) {
                w.flush();
            } else {
                w.close();
            }
        }
        if (file != null) {
            out().info("exported " + items.size() + " items to " + file);
        }
        return ExitCodes.OK;
    }
}
