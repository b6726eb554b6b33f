package dev.mikrodb.cli;

import dev.mikrodb.server.ServerMain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mikrodb serve}: the database as an HTTP API, with every server option of the seed's table. */
@Command(name = "serve", description = "Serve the database as a JSON HTTP API (docs/http-api.md) until Ctrl-C or SIGTERM. Also reads mikrodb.config.json and PORT, HOST, DEBUG, MIKRODB_API_KEY.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "NAME", description = "Database name (db.dbName).")
    String db;
    @Option(names = "--dir", paramLabel = "DIR", description = "Database directory (default ./mikrodb).")
    String dir;
    @Option(names = "--wal", paramLabel = "FILE", description = "WAL file name (default wal.log).")
    String wal;
    @Option(names = "--interval", paramLabel = "MS", description = "WAL fsync/checkpoint interval (default 2000).")
    String interval;
    @Option(names = "--encryptionKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "Encryption key: ", description = "Passphrase for encryption at rest.")
    String encryptionKey;
    @Option(names = "--maxWrites", paramLabel = "N", description = "maxWriteOpsBeforeFlush (default 100).")
    String maxWrites;
    @Option(names = "--durability", paramLabel = "MODE", description = "sync, os (default) or async.")
    String durability;
    @Option(names = "--port", paramLabel = "PORT", description = "Port (default 3000; 0 picks a free one).")
    String port;
    @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (default 127.0.0.1).")
    String host;
    @Option(names = "--https", description = "Serve HTTPS (needs --cert and --key).")
    boolean https;
    @Option(names = "--http2", description = "Enable HTTP/2.")
    boolean http2;
    @Option(names = "--cert", paramLabel = "PEM", description = "Certificate (chain) file.")
    String cert;
    @Option(names = "--key", paramLabel = "PEM", description = "Private key file.")
    String key;
    @Option(names = "--ca", paramLabel = "PEM", description = "CA chain file to send after the certificate.")
    String ca;
    @Option(names = "--ratelimit", description = "Enable per-client rate limiting.")
    boolean ratelimit;
    @Option(names = "--rps", paramLabel = "N", description = "Requests per minute per client (default 100).")
    String rps;
    @Option(names = "--allowed", paramLabel = "ORIGINS", description = "Comma-separated CORS origins (default *).")
    String allowed;
    @Option(names = "--apiKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "API key: ", description = "Require this API key (Bearer or X-API-Key).")
    String apiKey;
    @Option(names = "--insecure", description = "Allow a non-loopback --host without an API key.")
    boolean insecure;

    private final Session session;

    public ServeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "db", db);
        put(flags, "dir", dir);
        put(flags, "wal", wal);
        put(flags, "interval", interval);
        put(flags, "encryptionKey", encryptionKey);
        put(flags, "maxWrites", maxWrites);
        put(flags, "durability", durability);
        put(flags, "port", port);
        put(flags, "host", host);
        put(flags, "cert", cert);
        put(flags, "key", key);
        put(flags, "ca", ca);
        put(flags, "rps", rps);
        put(flags, "allowed", allowed);
        put(flags, "apiKey", apiKey);
        flag(flags, "https", https);
        flag(flags, "http2", http2);
        flag(flags, "ratelimit", ratelimit);
        flag(flags, "insecure", insecure);
        flag(flags, "debug", session.debug());
        int code = ServerMain.run(flags, session.env(), System.out, System.err);
        return code == 1 ? ExitCodes.FAILURE : code;
    }

    private static void put(Map<String, String> flags, String name, String value) {
        if (value != null) {
            flags.put(name, value);
        }
    }

    private static void flag(Map<String, String> flags, String name, boolean set) {
        if (set) {
            flags.put(name, "true");
        }
    }
}
