package dev.mikrodb.cli;

import dev.mikrodb.AccessControl;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.client.MikroDBClient;
import dev.mikrodb.config.ConfigLoader;
import dev.mikrodb.config.MikroConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store the commands work on, and where they print. In the shell it stays open across commands ({@code open},
 * {@code connect} switch it); for a one-shot command it is opened from that command's options and closed after.
 */
public final class Session implements AutoCloseable {
    private final Output output;
    private final Map<String, String> env;
    private final java.io.InputStream input;
    private final boolean shell;
    private boolean debug;
    private MikroStore store;
    private String description;
    /** The database the document commands work on ({@code use DB}). */
    private String database = "default";

    public Session(Output output, Map<String, String> env, java.io.InputStream input, boolean shell,
                   boolean debug) {
        this.output = output;
        this.env = env;
        this.input = input;
        this.shell = shell;
        this.debug = debug;
    }

    /** A shell session sharing this one's output, environment and input. */
    public Session forShell() {
        return new Session(output, env, input, true, debug);
    }

    private boolean timing;

    private boolean bail;

    /** Whether a script stops at its first failing command ({@code bail on}, {@code shell --bail}). */
    public boolean bail() {
        return bail;
    }

    public void bail(boolean on) {
        this.bail = on;
    }

    /** Whether the shell prints each command's duration ({@code timing on}). */
    public boolean timing() {
        return timing;
    }

    public void timing(boolean on) {
        this.timing = on;
    }

    /** Whether this session is the interactive shell (help is {@code help CMD}) or a one-shot command. */
    public boolean isShell() {
        return shell;
    }

    public Map<String, String> env() {
        return env;
    }

    public java.io.InputStream input() {
        return input;
    }

    public Output output() {
        return output;
    }

    public boolean debug() {
        return debug;
    }

    public void debug(boolean debug) {
        this.debug = debug;
    }

    /** The current database of the document commands. */
    public String database() {
        return database;
    }

    /** Switches the current database ({@code use DB}); the name is checked as the database would. */
    public void useDatabase(String name) {
        dev.mikrodb.wire.Fields.checkDatabaseName(name);
        database = name;
    }

    private static long timeoutSeconds(String text) {
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ValidationException("--timeout (or MIKRODB_TIMEOUT) takes whole seconds from 1 to 3600; got '"
                + text + "'");
    }

    /** "local /path/to/db" or "remote http://...". */
    public String description() {
        return description;
    }

    /** The store for a command: in the shell the open one; otherwise opened from {@code options}. */
    public MikroStore store(StoreOptions options) {
        return store(options, false);
    }

    /**
     * {@link #store(StoreOptions)}; with {@code readOnly}, a local directory that holds no database is an error
     * that creates nothing.
     */
    public MikroStore store(StoreOptions options, boolean readOnly) {
        if (shell) {
            if (options != null && options.given()) {
                throw new ValidationException("in the shell, switch stores with 'open DIR' or 'connect URL' "
                        + "instead of --dir, --url or keys");
            }
            if (store == null) {
                throw new ValidationException("no store is open; use 'open DIR' or 'connect URL'");
            }
            return store;
        }
        if (store == null) {
            open(options == null ? new StoreOptions() : options, !readOnly);
        }
        return store;
    }

    /** Opens a local directory (creating a database there if needed) or connects to a server. */
    public void open(StoreOptions options) {
        open(options, true);
    }

    /**
     * Opens a local directory or connects to a server, closing whatever was open. Without {@code create}, a
     * directory holding no database is refused and nothing is created.
     */
    public void open(StoreOptions options, boolean create) {
        if (options.dir != null && options.url != null) {
            throw new ValidationException("give --dir or --url, not both");
        }
        MikroStore next;
        String nextDescription;
        if (options.url != null) {
            if (options.encryptionKey != null) {
                throw new ValidationException("--encryptionKey applies to a local database; the server holds the key");
            }
            String apiKey = options.apiKey != null ? options.apiKey : env.get("MIKRODB_API_KEY");
            String user = options.user != null ? options.user : options.apiKey == null ? env.get("MIKRODB_USER") : null;
            MikroDBClient.Builder builder = MikroDBClient.builder(options.url);
            Path cacert = options.cacert != null ? options.cacert
                    : env.get("MIKRODB_CACERT") != null ? Path.of(env.get("MIKRODB_CACERT")) : null;
            if (cacert != null) {
                builder.trustCertificates(cacert);
            }
            String timeout = options.timeoutSeconds != null ? String.valueOf(options.timeoutSeconds)
                    : env.get("MIKRODB_TIMEOUT");
            if (timeout != null) {
                builder.requestTimeout(java.time.Duration.ofSeconds(timeoutSeconds(timeout)));
            }
            if (user != null) {
                if (options.apiKey != null) {
                    throw new ValidationException("give --apiKey or --user, not both");
                }
                String password = env.get("MIKRODB_PASSWORD");
                builder.credentials(user, password != null ? password : Prompts.secret("Password for " + user + ": "));
            } else {
                builder.apiKey(apiKey);
            }
            MikroDBClient client = builder.build();
            client.health(); // fail now, with a clear message, if the server is not there
            next = client;
            nextDescription = "remote " + options.url;
        } else {
            if (options.timeoutSeconds != null) {
                throw new ValidationException("--timeout applies to a server (--url)");
            }
            if (options.apiKey != null || options.user != null || options.cacert != null) {
                throw new ValidationException((options.user != null ? "--user" : options.cacert != null ? "--cacert"
                        : "--apiKey") + " applies to a server (--url)");
            }
            Map<String, String> flags = new LinkedHashMap<>();
            if (options.dir != null) {
                flags.put("dir", options.dir.toString());
            }
            if (options.encryptionKey != null) {
                flags.put("encryptionKey", options.encryptionKey);
            }
            MikroConfig config = ConfigLoader.load(env, null, null, flags);
            Path dir = config.db().databaseDirectory();
            if (!create && !java.nio.file.Files.exists(dir.resolve("mikrodb.meta"))) {
                throw new ValidationException("no database at " + dir.toAbsolutePath() + " (nothing was created); "
                        + "check the path, or write something to create one there");
            }
            MikroDB db;
            try {
                db = MikroDB.open(config.db());
            } catch (dev.mikrodb.StorageException e) {
                if (e.getMessage() != null && e.getMessage().contains("already open in another process")) {
                    throw new dev.mikrodb.StorageException(e.getMessage() + ". One process at a time opens a "
                            + "directory: serve it ('bin/mikrodb serve --dir " + dir + "') and connect from others "
                            + "('bin/mikrodb shell --url http://127.0.0.1:3000')", e);
                }
                throw e;
            }
            next = db;
            nextDescription = "local " + db.directory();
        }
        close();
        store = next;
        description = nextDescription;
    }

    public void openDirectory(Path dir, String encryptionKey, boolean create) {
        StoreOptions o = new StoreOptions();
        o.dir = dir;
        o.encryptionKey = encryptionKey;
        open(o, create);
    }

    public void connect(String url, String apiKey, String user) {
        StoreOptions o = new StoreOptions();
        o.url = url;
        o.apiKey = apiKey;
        o.user = user;
        open(o);
    }

    /** The users and keys of the open store: a local database's own, or a server's over its admin API. */
    public AccessControl accessControl(MikroStore store) {
        if (store instanceof MikroDB db) {
            return db.accessControl();
        }
        if (store instanceof MikroDBClient client) {
            return client.accessControl();
        }
        throw new ValidationException("users and keys need a local database or a server");
    }

    public boolean isOpen() {
        return store != null;
    }

    @Override
    public void close() {
        if (store != null) {
            MikroStore s = store;
            store = null;
            description = null;
            s.close();
        }
    }
}
