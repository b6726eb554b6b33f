package dev.mikrodb.cli.commands;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.cli.StoreOptions;
import dev.mikrodb.client.MikroDBClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Verify a backup: every file against the manifest's SHA-256, then open a copy. verify FILE [--encryptionKey]; or verify FILENAME --url URL for a server's backup. Exit 0 only when it is sound.")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A backup .zip file, or a backup's file name on the server.")
    String file;

    @Mixin
    StoreOptions options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    private final Session session;

    public VerifyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        BackupInfo b;
        MikroStore remote = options.url() != null ? session.store(options)
                : session.isOpen() && !Files.exists(Path.of(file)) ? session.store(null) : null;
        if (remote instanceof MikroDBClient client) {
            b = client.verifyBackup(file);
        } else if (remote != null) {
            throw new ValidationException("no backup file " + file);
        } else {
            String key = options.encryptionKey() != null ? options.encryptionKey()
                    : session.env().get("MIKRODB_ENCRYPTION_KEY");
            dev.mikrodb.cli.ProgressLine progress = new dev.mikrodb.cli.ProgressLine(session.output(), "verifying");
            b = MikroDB.verifyBackup(Path.of(file), key, progress);
            progress.finish();
            if (b.encrypted() && key == null) {
                session.output().notice("hashes verified; the backup is encrypted, so give --encryptionKey to "
                        + "also open it");
            }
        }
        session.output().info("backup is sound");
        BackupsCommand.print(session.output(), b);
        return ExitCodes.OK;
    }
}
