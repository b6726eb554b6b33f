package dev.mikrodb.cli.commands;

import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "open", description = "Open a local database directory (closing the current store).")
public final class OpenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = "--encryptionKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "Encryption key: ",
            description = "Passphrase; without a value, asked for without echo.")
    String encryptionKey;

    private final Session session;

    public OpenCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.openDirectory(dir, encryptionKey);
        session.output().info("opened " + session.description());
        return ExitCodes.OK;
    }
}
