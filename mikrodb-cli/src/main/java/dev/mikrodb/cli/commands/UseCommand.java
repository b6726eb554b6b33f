package dev.mikrodb.cli.commands;

import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "use", description = "Switch the current database of the document commands (the prompt shows it).")
public final class UseCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DB", description = "The database to use.")
    String database;

    private final Session session;

    public UseCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.useDatabase(database);
        session.output().info("using database " + database);
        return ExitCodes.OK;
    }
}
