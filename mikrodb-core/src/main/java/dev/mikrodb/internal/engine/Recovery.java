package dev.mikrodb.internal.engine;

import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.TableFile;
import dev.mikrodb.internal.storage.WalOp;
import dev.mikrodb.internal.storage.WalReader;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays the WAL segments left by the last run over the table files, then checkpoints the result.
 *
 * <p>Every segment is read and checked before anything is written, so a corrupt log (or a wrong key) leaves the
 * directory exactly as it was. After the replayed tables are durable the numbered segments are deleted oldest
 * first; the caller then replaces the active segment with an empty one.
 */
final class Recovery {
    /** What recovery did, for the log. */
    record Outcome(int segments, long records, boolean tornTail, int tablesWritten) {
    }

    private final FileLayer files;
    private final Path directory;
    private final String walFileName;
    private final AesGcm cipher;
    private final TableCache cache;
    private final Map<String, Table> touched = new HashMap<>();
    private final Set<String> dropped = new HashSet<>();

    Recovery(FileLayer files, Path directory, String walFileName, AesGcm cipher, TableCache cache) {
        this.files = files;
        this.directory = directory;
        this.walFileName = walFileName;
        this.cipher = cipher;
        this.cache = cache;
    }

    Outcome run() throws IOException {
        removeLeftoverTempFiles();
        List<Path> rotated = WriteAheadLog.rotatedSegments(files, directory, walFileName);
        List<Path> segments = new ArrayList<>(rotated);
        Path active = directory.resolve(walFileName);
        if (files.exists(active)) {
            segments.add(active);
        }
        long records = 0;
        boolean torn = false;
        for (int i = 0; i < segments.size(); i++) {
            Path segment = segments.get(i);
            WalReader.Result result = WalReader.read(segment, files.readAll(segment), cipher,
                    i == segments.size() - 1, this::replay);
            records += result.records();
            torn |= result.tornTail();
        }

        for (String name : dropped) {
            if (!touched.containsKey(name)) {
                files.deleteIfExists(TableFile.path(directory, name));
            }
        }
        for (Table t : touched.values()) {
            Checkpointer.writeTableFile(files, directory, cipher, t.name, t.takeSnapshot());
            t.snapshotWritten();
            cache.install(t);
        }
        files.syncDirectory(directory);
        for (Path segment : rotated) {
            files.deleteIfExists(segment);
        }
        files.syncDirectory(directory);
        return new Outcome(segments.size(), records, torn, touched.size());
    }

    private void replay(List<WalOp> ops) {
        for (WalOp op : ops) {
            if (op.type() == WalOp.DROP_TABLE) {
                touched.remove(op.table());
                dropped.add(op.table());
                continue;
            }
            Table t = touched.computeIfAbsent(op.table(), this::startingState);
            if (op.type() == WalOp.PUT) {
                t.put(new Record(op.key(), op.value(), op.version(), op.timestamp(), op.expiration()));
            } else {
                t.remove(op.key());
            }
        }
    }

    /** The table as it was before the replayed records: its file, unless the log dropped it since. */
    private Table startingState(String name) {
        if (!dropped.contains(name) && cache.fileExists(name)) {
            return cache.readFile(name);
        }
        return Table.created(name);
    }

    private void removeLeftoverTempFiles() throws IOException {
        for (Path p : files.list(directory)) {
            String name = p.getFileName().toString();
            if (name.endsWith(TableFile.SUFFIX + ".tmp") || name.equals(walFileName + ".tmp")) {
                files.deleteIfExists(p);
            }
        }
    }
}
