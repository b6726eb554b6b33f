package dev.mikrodb.internal.engine;

import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.TableFile;
import dev.mikrodb.internal.storage.WalFormat;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the loaded tables' state durable in their files so the WAL can be discarded.
 *
 * <p>Under the commit lock (briefly: a copy of record references per dirty table) it snapshots the dirty tables and
 * rotates the WAL; writers then continue while the snapshots are written, each atomically. Only when every file and
 * the directory are fsynced are the rotated segments deleted, oldest first, so the WAL left on disk is always a
 * suffix of the history that, replayed over the table files, gives the current state.
 */
final class Checkpointer {
    private final Locks locks;
    private final TableCache cache;
    private final WriteAheadLog wal;
    private final FileLayer files;
    private final Path directory;
    private final AesGcm cipher;
    private final CheckpointPolicy policy;

    private record Snapshot(Table table, List<Record> records) {
    }

    Checkpointer(Locks locks, TableCache cache, WriteAheadLog wal, FileLayer files, Path directory, AesGcm cipher,
                 CheckpointPolicy policy) {
        this.locks = locks;
        this.cache = cache;
        this.wal = wal;
        this.files = files;
        this.directory = directory;
        this.cipher = cipher;
        this.policy = policy;
    }

    CheckpointPolicy policy() {
        return policy;
    }

    /** Checkpoints every dirty table. Returns the number of table files written. */
    int checkpoint() {
        locks.checkpoint.lock();
        try {
            List<Snapshot> snapshots = new ArrayList<>();
            int segment;
            locks.commit.lock();
            try {
                for (Table t : cache.loadedTables()) {
                    if (t.isDirty()) {
                        snapshots.add(new Snapshot(t, t.takeSnapshot()));
                    }
                }
                if (snapshots.isEmpty() && wal.activeSegmentBytes() <= WalFormat.HEADER_BYTES) {
                    return 0;
                }
                segment = wal.rotate();
                policy.checkpointStarted();
            } finally {
                locks.commit.unlock();
            }
            try {
                for (Snapshot s : snapshots) {
                    writeTableFile(files, directory, cipher, s.table().name, s.records());
                    cache.fileReplaced(s.table().name);
                }
                deleteDroppedFiles(); // before the WAL records of the drops are discarded
                files.syncDirectory(directory);
                wal.deleteSegmentsThrough(segment);
            } catch (IOException | RuntimeException e) {
                markDone(snapshots, false);
                throw new StorageException("checkpoint failed: " + e.getMessage()
                        + "; the write-ahead log still holds every acknowledged write", e);
            }
            markDone(snapshots, true);
            return snapshots.size();
        } finally {
            locks.checkpoint.unlock();
        }
    }

    /**
     * Under the checkpoint lock: deletes the files of dropped tables and fsyncs the directory. A failure is logged and
     * left for the next checkpoint, which must succeed at it before it discards the WAL records of the drops.
     */
    void deleteDroppedFiles() {
        List<String> dropped = cache.droppedFiles();
        if (dropped.isEmpty()) {
            return;
        }
        try {
            for (String name : dropped) {
                files.deleteIfExists(TableFile.path(directory, name));
            }
            files.syncDirectory(directory);
            dropped.forEach(cache::fileReplaced);
        } catch (IOException e) {
            throw new StorageException("cannot delete the file of dropped table(s) " + dropped + ": "
                    + e.getMessage() + "; they stay dropped and the next checkpoint retries", e);
        }
    }

    /** Encodes and atomically writes one table's file; the caller fsyncs the directory. */
    static void writeTableFile(FileLayer files, Path directory, AesGcm cipher, String table, List<Record> records)
            throws IOException {
        List<TableFile.Entry> entries = new ArrayList<>(records.size());
        for (Record r : records) {
            entries.add(new TableFile.Entry(r.key, r.version, r.timestamp, r.expiration, r.json));
        }
        TableFile.writeAtomically(files, directory, table, TableFile.encode(table, entries, cipher));
    }

    private void markDone(List<Snapshot> snapshots, boolean written) {
        locks.commit.lock();
        try {
            for (Snapshot s : snapshots) {
                if (written) {
                    s.table().snapshotWritten();
                } else {
                    s.table().snapshotFailed();
                }
            }
        } finally {
            locks.commit.unlock();
        }
    }
}
