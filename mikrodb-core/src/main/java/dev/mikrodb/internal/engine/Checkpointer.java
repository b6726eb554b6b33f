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
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the loaded tables' state durable in their files so the WAL can be discarded.
 *
 * <p>Under the commit lock (briefly: a copy of record references per dirty table) it snapshots the dirty tables and
 * rotates the WAL; writers then continue while the snapshots are written, each atomically. Only when every file and
 * the directory are fsynced are the rotated segments deleted, oldest first, so the WAL left on disk is always a
 * suffix of the history that, replayed over the table files, gives the current state.
 */
final class Checkpointer {
    final ReentrantLock checkpointLock = new ReentrantLock();
    private final ReentrantLock commitLock;
    private final TableCache cache;
    private final WriteAheadLog wal;
    private final FileLayer files;
    private final Path directory;
    private final AesGcm cipher;
    private final Runnable onRotated;

    private record Snapshot(Table table, List<Record> records) {
    }

    /** @param onRotated runs under the commit lock once the WAL has rotated (resets the write counters) */
    Checkpointer(ReentrantLock commitLock, TableCache cache, WriteAheadLog wal, FileLayer files, Path directory,
                 AesGcm cipher, Runnable onRotated) {
        this.commitLock = commitLock;
        this.cache = cache;
        this.wal = wal;
        this.files = files;
        this.directory = directory;
        this.cipher = cipher;
        this.onRotated = onRotated;
    }

    /** Checkpoints every dirty table. Returns the number of table files written. */
    int checkpoint() {
        checkpointLock.lock();
        try {
            List<Snapshot> snapshots = new ArrayList<>();
            int segment;
            commitLock.lock();
            try {
                for (Table t : cache.loaded.values()) {
                    if (t.dirty) {
                        snapshots.add(new Snapshot(t, new ArrayList<>(t.items.values())));
                        t.dirty = false;
                    }
                }
                if (snapshots.isEmpty() && wal.activeSegmentBytes() <= WalFormat.HEADER_BYTES) {
                    return 0;
                }
                segment = wal.rotate();
                onRotated.run();
            } finally {
                commitLock.unlock();
            }
            try {
                for (Snapshot s : snapshots) {
                    List<TableFile.Entry> entries = new ArrayList<>(s.records().size());
                    for (Record r : s.records()) {
                        entries.add(new TableFile.Entry(r.key, r.version, r.timestamp, r.expiration, r.json));
                    }
                    TableFile.writeAtomically(files, directory, s.table().name,
                            TableFile.encode(s.table().name, entries, cipher));
                }
                files.syncDirectory(directory);
                wal.deleteSegmentsThrough(segment);
            } catch (IOException | RuntimeException e) {
                markDirtyAgain(snapshots);
                throw new StorageException("checkpoint failed: " + e.getMessage()
                        + "; the write-ahead log still holds every acknowledged write", e);
            }
            commitLock.lock();
            try {
                for (Snapshot s : snapshots) {
                    s.table().onDisk = true;
                }
            } finally {
                commitLock.unlock();
            }
            return snapshots.size();
        } finally {
            checkpointLock.unlock();
        }
    }

    private void markDirtyAgain(List<Snapshot> snapshots) {
        commitLock.lock();
        try {
            for (Snapshot s : snapshots) {
                s.table().dirty = true;
            }
        } finally {
            commitLock.unlock();
        }
    }
}
