package dev.mikrodb.cli.commands;

import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "timing", description = "timing on|off: after each command, print how long it took (like sqlite3's .timer).")
public final class TimingCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "on|off", description = "on or off.")
    String state;

    private final Session session;

    public TimingCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        switch (state) {
            case "on" -> session.timing(true);
            case "off" -> session.timing(false);
            default -> throw new ValidationException("timing takes on or off; got '" + state + "'");
        }
        return ExitCodes.OK;
    }
}
