package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import picocli.CommandLine.Command;

@Command(name = "cleanup", description = "Remove expired items now; prints how many.")
public final class CleanupCommand extends StoreCommand {
    public CleanupCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        int removed = store.cleanupExpiredItems();
        if (out().pretty()) {
            out().info("removed " + removed + " expired " + (removed == 1 ? "item" : "items"));
        } else {
            out().line("{\"removed\":" + removed + "}");
        }
        return ExitCodes.OK;
    }
}
