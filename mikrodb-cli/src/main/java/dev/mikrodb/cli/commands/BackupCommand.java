package dev.mikrodb.cli.commands;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.client.MikroDBClient;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", description = "Back the database up while it serves: one .zip file as of one instant. Local: into --to (a .zip file or a directory; default: the database directory's name + '-backups'). On a server: into its backup directory.")
public final class BackupCommand extends StoreCommand {
    @Option(names = "--to", paramLabel = "PATH", description = "A .zip file, or a directory to create backup-YYYY-MM-DD-HH-MM-SS.zip in (local databases only).")
    Path to;

    public BackupCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) throws Exception {
        BackupInfo b;
        if (store instanceof MikroDB db) {
            Path target = to != null ? to : BackupsCommand.defaultDirectory(db.directory());
            if (to == null || !to.getFileName().toString().endsWith(".zip")) {
                Files.createDirectories(target);
            }
            dev.mikrodb.cli.ProgressLine progress = new dev.mikrodb.cli.ProgressLine(out(), "backing up");
            b = db.backup(target, true, progress);
            progress.finish();
        } else if (store instanceof MikroDBClient client) {
            if (to != null) {
                throw new ValidationException("--to applies to a local database; a server writes backups into its "
                        + "own backup directory");
            }
            b = client.backup();
        } else {
            throw new ValidationException("backup needs a local database or a server");
        }
        BackupsCommand.print(out(), b);
        return ExitCodes.OK;
    }
}
