package dev.mikrodb.cli.commands;

import dev.mikrodb.MikroStore;
import dev.mikrodb.cli.Output;
import dev.mikrodb.cli.Session;
import dev.mikrodb.cli.StoreOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that works on the store. One-shot ({@code mikrodb get users u1 --dir d}) it opens the store from its own
 * options; in the shell it uses the store the shell has open. Exceptions go to {@code ExitCodes.report}.
 */
public abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    StoreOptions storeOptions;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    protected final Session session;

    protected StoreCommand(Session session) {
        this.session = session;
    }

    protected Output out() {
        return session.output();
    }

    @Override
    public Integer call() throws Exception {
        return run(session.store(storeOptions, readsOnly()));
    }

    /**
     * Whether the command only reads: on a directory that holds no database it then says so and creates nothing
     * (a typo in {@code --dir} must not leave an empty database behind).
     */
    protected boolean readsOnly() {
        return false;
    }

    protected abstract int run(MikroStore store) throws Exception;
}
