package dev.mikrodb.cli.commands;

import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.IndexCodec;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List a table's keys in order, optionally by prefix; --cursor continues a listing.")
public final class LsCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "TABLE", description = "The table.")
    String table;

    @Parameters(index = "1", paramLabel = "PREFIX", arity = "0..1", description = "Only keys starting with this.")
    String prefix;

    @Option(names = "--limit", paramLabel = "N", description = "Keys per page, 1 to 1000 (default 1000).")
    int limit = ListOptions.MAX_LIMIT;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue the listing a previous page ended.")
    String cursor;

    @Option(names = "--reverse", description = "Descending order.")
    boolean reverse;

    public LsCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        KeyList page = store.list(table, new ListOptions(prefix, null, null, limit, cursor, reverse));
        if (!out().pretty()) {
            out().json(IndexCodec.toJson(page));
            return ExitCodes.OK;
        }
        for (KeyList.Key k : page.keys()) {
            out().line(k.key() + "  " + out().dim("v" + k.version() + (k.expiration() > 0 ? "  expires "
                    + Instant.ofEpochMilli(k.expiration()) : "")));
        }
        out().info(page.keys().size() + (page.keys().size() == 1 ? " key" : " keys")
                + (page.listComplete() ? "" : "; more with --cursor " + page.cursor()));
        return ExitCodes.OK;
    }
}
