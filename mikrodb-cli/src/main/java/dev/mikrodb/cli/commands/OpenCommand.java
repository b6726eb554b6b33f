package dev.mikrodb.cli.commands;

import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "open", description = "Open a local database directory (closing the current store); --create to start a new one.")
public final class OpenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The database directory.")
    Path dir;

    @Option(names = "--encryptionKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "Encryption key: ",
            description = "Passphrase; without a value, asked for without echo.")
    String encryptionKey;

    @Option(names = "--create", description = "Create a new database when the directory holds none.")
    boolean create;

    private final Session session;

    public OpenCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (!create && !java.nio.file.Files.exists(dir.resolve("mikrodb.meta"))) {
            throw new dev.mikrodb.ValidationException("no database at " + dir.toAbsolutePath() + " (nothing was "
                    + "created); 'open " + dir + " --create' starts a new one there");
        }
        session.openDirectory(dir, encryptionKey, create);
        session.output().info("opened " + session.description());
        return ExitCodes.OK;
    }
}
