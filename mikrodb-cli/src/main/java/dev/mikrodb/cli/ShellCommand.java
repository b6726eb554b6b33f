package dev.mikrodb.cli;

import dev.mikrodb.cli.shell.Shell;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "shell", mixinStandardHelpOptions = true, description = "The interactive shell, on a local directory (--dir) or a server (--url). Reads commands from standard input when it is not a terminal.")
public final class ShellCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--bail", description = "In a script, stop at the first failing command (exit with its code).")
    boolean bail;

    private final Session session;

    public ShellCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        return Shell.start(storeOptions, session, bail);
    }
}
