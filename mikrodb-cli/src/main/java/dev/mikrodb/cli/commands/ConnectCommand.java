package dev.mikrodb.cli.commands;

import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "connect", description = "Connect to a MikroDB server (closing the current store).")
public final class ConnectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "The server's base URL, e.g. http://127.0.0.1:3000.")
    String url;

    @Option(names = "--apiKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "API key: ",
            description = "API key; without a value, asked for without echo.")
    String apiKey;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Log in as this user; the password is asked for without echo (or MIKRODB_PASSWORD).")
    String user;

    private final Session session;

    public ConnectCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.connect(url, apiKey, user);
        session.output().info("connected to " + session.description());
        return ExitCodes.OK;
    }
}
