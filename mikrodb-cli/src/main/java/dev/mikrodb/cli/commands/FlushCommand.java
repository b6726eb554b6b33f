package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;

@Command(name = "flush", description = "Checkpoint every table to its file and fsync the write-ahead log.")
public final class FlushCommand extends StoreCommand {
    public FlushCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        store.flush();
        out().info("flushed");
        return ExitCodes.OK;
    }
}
