package dev.mikrodb.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the store is: a local directory or a server. Secrets may also come from the environment or a prompt. */
public final class StoreOptions {
    @Option(names = "--dir", paramLabel = "DIR", description = "Database directory (default: ./mikrodb, or db.databaseDirectory of mikrodb.config.json).")
    Path dir;

    @Option(names = "--url", paramLabel = "URL", description = "Connect to a MikroDB server instead, e.g. http://127.0.0.1:3000.")
    String url;

    @Option(names = "--encryptionKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "Encryption key: ",
            description = "Passphrase of an encrypted local database; without a value, asked for without echo. Also MIKRODB_ENCRYPTION_KEY.")
    String encryptionKey;

    @Option(names = "--apiKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "API key: ",
            description = "API key of the server; without a value, asked for without echo. Also MIKRODB_API_KEY.")
    String apiKey;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust the certificates in this PEM file for an HTTPS server (a self-signed or private-CA certificate). Also MIKRODB_CACERT.")
    Path cacert;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Log in to the server as this user; the password is asked for without echo (or MIKRODB_PASSWORD). Also MIKRODB_USER.")
    String user;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the server's answer "
            + "before saying it is not answering (default 30). Also MIKRODB_TIMEOUT.")
    Integer timeoutSeconds;

    /** The local directory given, or null. */
    public Path dir() {
        return dir;
    }

    /** The server URL given, or null. */
    public String url() {
        return url;
    }

    /** The encryption key given, or null. */
    public String encryptionKey() {
        return encryptionKey;
    }

    boolean given() {
        return dir != null || url != null || encryptionKey != null || apiKey != null || user != null
                || cacert != null || timeoutSeconds != null;
    }
}
