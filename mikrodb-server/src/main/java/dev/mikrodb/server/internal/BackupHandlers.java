package dev.mikrodb.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.BackupInfo;
import dev.mikrodb.MikroDB;
import dev.mikrodb.ValidationException;
import dev.mikrodb.wire.Fields;
import dev.mikrodb.wire.WireJson;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /api/backup}, {@code GET /api/backups}, {@code POST /api/backups/verify} and {@code POST /api/restore}
 * (docs/operations.md). Backups are files in the server's backup directory, named by the server; requests name them
 * by file name only, so no request reaches another path.
 */
public final class BackupHandlers {
    private final Supplier<MikroDB> database;
    private final LiveDatabase live;
    private final Path directory;
    private final Runnable afterRestore;
    private final S3Backups s3;

    /**
     * @param database the database served now, or a supplier of null when the server serves another kind of store
     * @param live the database an online restore may replace, or null when the server does not own its database
     */
    public BackupHandlers(Supplier<MikroDB> database, LiveDatabase live, Path directory, Runnable afterRestore,
                          S3Backups s3) {
        this.database = database;
        this.live = live;
        this.directory = directory;
        this.afterRestore = afterRestore;
        this.s3 = s3;
    }

    /** {@code POST /api/backup}: a consistent backup taken now, while writes go on. */
    public void backup(HttpServerExchange exchange) throws IOException {
        if (!RequestBodies.isEmpty(exchange)) {
            Fields.checkAllowed(Fields.requireObject(RequestBodies.readJson(exchange), "request body"), Set.of(),
                    "request body");
        }
        Files.createDirectories(directory);
        BackupInfo b = db().backup(directory);
        ObjectNode out = toJson(b).put("duration_ms", b.durationMillis());
        if (s3 != null) {
            s3.upload(b.file());
            out.put("location", "local+s3");
        }
        Responses.json(exchange, 200, out);
    }

    /** {@code GET /api/backups}: the complete backups in the backup directory, oldest first. */
    public void list(HttpServerExchange exchange) {
        ObjectNode out = WireJson.object();
        ArrayNode list = out.putArray("backups");
        java.util.Map<String, ObjectNode> byName = new java.util.LinkedHashMap<>();
        for (BackupInfo b : MikroDB.listBackups(directory)) {
            byName.put(b.file().getFileName().toString(), toJson(b).put("location", "local"));
        }
        if (s3 != null) {
            for (S3Backups.Remote r : s3.list()) {
                ObjectNode local = byName.get(r.filename());
                if (local != null) {
                    local.put("location", "local+s3");
                } else {
                    byName.put(r.filename(), WireJson.object().put("filename", r.filename())
                            .put("size_bytes", r.sizeBytes()).put("created_at", r.lastModified())
                            .put("location", "s3"));
                }
            }
        }
        byName.values().forEach(list::add);
        Responses.json(exchange, 200, out);
    }

    /** {@code POST /api/backups/verify {"filename"}}: every file re-hashed and the copy opened; 422 when damaged. */
    public void verify(HttpServerExchange exchange) {
        Path file = named(exchange);
        BackupInfo b = MikroDB.verifyBackup(file, db().options().encryptionKey());
        Responses.json(exchange, 200, toJson(b).put("valid", true).put("duration_ms", b.durationMillis()));
    }

    /** {@code POST /api/restore {"filename"}}: replaces the served data with the backup's (requests pause meanwhile). */
    public void restore(HttpServerExchange exchange) {
        Path file = named(exchange);
        if (live == null) {
            throw new HttpException(409, "online restore needs a server that opened its database itself (mikrodb "
                    + "serve); restore offline with 'mikrodb restore FILE --dir EMPTY'");
        }
        BackupInfo b = live.restore(file);
        afterRestore.run();
        Responses.json(exchange, 200, WireJson.object().put("filename", file.getFileName().toString())
                .put("duration_ms", b.durationMillis()).put("databases_restored", b.databasesCount())
                .put("collections_restored", b.collectionsCount()).put("revision", b.revision()));
    }

    private MikroDB db() {
        MikroDB db = database.get();
        if (db == null) {
            throw new HttpException(501, "backups need a server over an embedded database");
        }
        return db;
    }

    private Path named(HttpServerExchange exchange) {
        JsonNode body = Fields.requireObject(RequestBodies.readJson(exchange), "request body");
        Fields.checkAllowed(body, Set.of("filename"), "request body");
        String name = Fields.requiredString(body, "filename", "");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.zip")) {
            throw new ValidationException("filename must be the name of a backup in the backup directory, such as "
                    + "backup-2026-11-24-02-00-00.zip (as GET /api/backups lists); got '" + name + "'");
        }
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file) && s3 != null) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new dev.mikrodb.StorageException("cannot create " + directory + ": " + e.getMessage(), e);
            }
            s3.download(name, file); // from the bucket, when only it has the backup
        }
        if (!Files.isRegularFile(file)) {
            throw new HttpException(404, "no backup named '" + name + "' (GET /api/backups lists them)");
        }
        return file;
    }

    private static ObjectNode toJson(BackupInfo b) {
        return WireJson.object().put("filename", b.file().getFileName().toString()).put("size_bytes", b.sizeBytes())
                .put("created_at", b.createdAt()).put("databases_count", b.databasesCount())
                .put("collections_count", b.collectionsCount()).put("revision", b.revision())
                .put("encrypted", b.encrypted());
    }
}
