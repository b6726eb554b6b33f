package dev.mikrodb.cli.commands;

import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "bail", aliases = ".bail", description = "bail on|off: in a script, stop at the first failing command "
        + "with its exit code (like sqlite3's .bail; 'shell --bail' turns it on from the start).")
public final class BailCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "on|off", description = "on to stop at the first error, off to go on.")
    String state;

    private final Session session;

    public BailCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        switch (state) {
            case "on" -> session.bail(true);
            case "off" -> session.bail(false);
            default -> throw new ValidationException("bail takes on or off; got '" + state + "'");
        }
        return ExitCodes.OK;
    }
}
