package dev.mikrodb.cli.commands;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroOptions;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.cli.StoreOptions;
import dev.mikrodb.client.MikroDBClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Restore a backup. Offline: restore FILE --dir EMPTY_DIR [--encryptionKey] (the directory must be empty or absent). On a server (--url, or after 'connect'): restore FILENAME replaces its data with one of its backups, online.")
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup: a .zip file (offline) or a backup's file name on the server.")
    String file;

    @Option(names = "--dir", paramLabel = "DIR", description = "Offline: the empty directory to restore into.")
    Path dir;

    @Option(names = "--encryptionKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "Encryption key: ",
            description = "Offline: the passphrase of an encrypted backup, to open the restored copy. Also MIKRODB_ENCRYPTION_KEY.")
    String encryptionKey;

    @Option(names = "--url", paramLabel = "URL", description = "Restore online on this server.")
    String url;

    @Option(names = "--apiKey", paramLabel = "KEY", arity = "0..1", interactive = true, prompt = "API key: ",
            description = "API key of the server (admin). Also MIKRODB_API_KEY.")
    String apiKey;

    @Option(names = "--user", paramLabel = "NAME", description = "Log in to the server as this user (admin).")
    String user;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final Session session;

    public RestoreCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        BackupInfo b;
        if (dir != null) {
            if (url != null) {
                throw new ValidationException("give --dir (offline restore) or --url (online), not both");
            }
            String key = encryptionKey != null ? encryptionKey : session.env().get("MIKRODB_ENCRYPTION_KEY");
            MikroOptions.Builder options = MikroOptions.builder().databaseDirectory(dir);
            if (key != null) {
                options.encryptionKey(key);
            }
            dev.mikrodb.cli.ProgressLine progress = new dev.mikrodb.cli.ProgressLine(session.output(), "restoring");
            b = MikroDB.restoreBackup(Path.of(file), options.build(), progress);
            progress.finish();
            session.output().info("restored into " + dir);
        } else {
            MikroStore store = url != null ? session.store(StoreOptions.remote(url, apiKey, user))
                    : session.isOpen() ? session.store(null) : null;
            if (!(store instanceof MikroDBClient client)) {
                throw new ValidationException("give --dir EMPTY_DIR to restore offline, or --url URL (or 'connect') "
                        + "to restore one of a server's backups online");
            }
            b = client.restoreBackup(file);
            session.output().info("the server now serves " + file);
        }
        BackupsCommand.print(session.output(), b);
        return ExitCodes.OK;
    }
}
