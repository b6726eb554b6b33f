package dev.mikrodb.cli.commands;

import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "clear", description = "Clear the screen.")
public final class ClearCommand implements Callable<Integer> {
    private final Session session;

    public ClearCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (session.output().pretty()) {
            session.output().out().print("\033[H\033[2J");
            session.output().out().flush();
        }
        return ExitCodes.OK;
    }
}
