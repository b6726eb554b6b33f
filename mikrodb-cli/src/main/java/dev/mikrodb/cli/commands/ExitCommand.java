package dev.mikrodb.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "exit", aliases = "quit", description = "Close the store and leave the shell (Ctrl-D works too).")
public final class ExitCommand implements Callable<Integer> {
    /** The exit code that tells the shell loop to stop. */
    public static final int LEAVE = -1;

    @Override
    public Integer call() {
        return LEAVE;
    }
}
