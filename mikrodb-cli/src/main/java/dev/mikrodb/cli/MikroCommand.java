package dev.mikrodb.cli;

import dev.mikrodb.cli.shell.Shell;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code mikrodb}: with no subcommand, the shell on the local default directory. */
@Command(name = "mikrodb", mixinStandardHelpOptions = true, version = "MikroDB 0.1.0",
        description = {"MikroDB: an embeddable key-value / document database with versions, expiry and change streams.",
                "With no command, opens the interactive shell on ./mikrodb (or --dir, or --url)."},
        subcommands = {ShellCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 not found or version conflict, 2 bad input, 3 other failure."})
public final class MikroCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    private final Session session;

    public MikroCommand(Session session) {
        this.session = session;
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and debug logging.")
    void debug(boolean debug) {
        session.debug(debug);
        Main.configureLogging(debug);
    }

    @Override
    public Integer call() {
        return Shell.start(storeOptions, session);
    }
}
