package dev.mikrodb.cli.commands;

import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.MikroStore;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Output;
import dev.mikrodb.cli.Session;
import dev.mikrodb.client.MikroDBClient;
import dev.mikrodb.wire.WireJson;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backups", description = "List the complete backups, oldest first (local: in --in, default the database directory's name + '-backups'; on a server: its backup directory).")
public final class BackupsCommand extends StoreCommand {
    @Option(names = "--in", paramLabel = "DIR", description = "The directory to list (local databases only).")
    Path in;

    public BackupsCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        List<BackupInfo> list;
        if (store instanceof MikroDB db) {
            list = MikroDB.listBackups(in != null ? in : defaultDirectory(db.directory()));
        } else if (store instanceof MikroDBClient client) {
            list = client.backups();
        } else {
            throw new ValidationException("backups needs a local database or a server");
        }
        list.forEach(b -> print(out(), b));
        out().info(list.size() + (list.size() == 1 ? " backup" : " backups"));
        return ExitCodes.OK;
    }

    /** Where local backups go by default: beside the database directory, its name + {@code -backups}. */
    static Path defaultDirectory(Path databaseDirectory) {
        Path dir = databaseDirectory.toAbsolutePath();
        return dir.resolveSibling(dir.getFileName() + "-backups");
    }

    static void print(Output out, BackupInfo b) {
        if (out.pretty()) {
            out.line(b.file().getFileName() + "  " + (b.sizeBytes() >= 0 ? b.sizeBytes() + " bytes  " : "")
                    + out.dim((b.createdAt() > 0 ? Instant.ofEpochMilli(b.createdAt()) + ", " : "")
                    + b.databasesCount() + " databases, " + b.collectionsCount() + " tables, revision "
                    + b.revision() + (b.encrypted() ? ", encrypted" : "") + (b.durationMillis() > 0
                    ? ", " + b.durationMillis() + " ms" : "")));
        } else {
            out.json(WireJson.object().put("filename", b.file().toString()).put("size_bytes", b.sizeBytes())
                    .put("created_at", b.createdAt()).put("databases_count", b.databasesCount())
                    .put("collections_count", b.collectionsCount()).put("revision", b.revision())
                    .put("encrypted", b.encrypted()).put("duration_ms", b.durationMillis()));
        }
    }
}
