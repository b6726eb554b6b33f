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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Restore a backup. Offline: restore FILE --dir EMPTY_DIR [--encryptionKey] (the directory must be empty or absent). On a server (--url, or after 'connect'): restore FILENAME replaces its data with one of its backups, online.")
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup: a .zip file (offline) or a backup's file name on the server.")
    String file;

    @Mixin
    StoreOptions options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final Session session;

    public RestoreCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        BackupInfo b;
        if (options.dir() != null) {
            if (options.url() != null) {
                throw new ValidationException("give --dir (offline restore) or --url (online), not both");
            }
            String key = options.encryptionKey() != null ? options.encryptionKey()
                    : session.env().get("MIKRODB_ENCRYPTION_KEY");
            MikroOptions.Builder target = MikroOptions.builder().databaseDirectory(options.dir());
            if (key != null) {
                target.encryptionKey(key);
            }
            dev.mikrodb.cli.ProgressLine progress = new dev.mikrodb.cli.ProgressLine(session.output(), "restoring");
            b = MikroDB.restoreBackup(Path.of(file), target.build(), progress);
            progress.finish();
            session.output().info("restored into " + options.dir());
        } else {
            MikroStore store = options.url() != null ? session.store(options)
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
