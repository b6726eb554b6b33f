package dev.mikrodb.internal.engine;

import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.ExpiryHints;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.IoFailures;
import dev.mikrodb.internal.storage.RetainedSegments;
import dev.mikrodb.internal.storage.SpareFiles;
import dev.mikrodb.internal.storage.TableFileWriter;
import dev.mikrodb.internal.storage.TableFiles;
import dev.mikrodb.internal.storage.WalFormat;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Makes the loaded tables' state durable in their files so the WAL can be discarded. Each dirty table gets a delta
 * (the keys that changed) or, when it has no base or the copies its files hold that later writes superseded pass half
 * of it, a new base ({@link TableChanges} chooses): the cost of a checkpoint follows what changed, not the size of the
 * table. Every {@link TableFileState#MAX_DELTAS}th delta also carries the keys of the deltas before it and replaces
 * them, so a table never has more delta files than that.
 *
 * <p>Under the commit lock (briefly) it snapshots the dirty tables and rotates the WAL; writers then continue while
 * the files are written, each atomically. Only when every file and the directory are fsynced are the rotated segments
 * retired (kept for the change feed in {@code changes/}, or deleted), oldest first, so the WAL left on disk is always a suffix of the history that, replayed over the table
 * files, gives the current state.
 */
final class Checkpointer {
    private final Locks locks;
    private final TableCache cache;
    private final WriteAheadLog wal;
    private final FileLayer files;
    private final Path directory;
    private final AesGcm cipher;
    private final CheckpointPolicy policy;
    private final LongSupplier revision;
    private final RetainedSegments retained;
    /**
     * Runs a task, named for the log should it fail, on the maintenance thread: deleting the files a checkpoint
     * replaced, making the file the WAL's next rotation takes.
     */
    private final java.util.function.BiConsumer<String, Runnable> background;
    /**
     * Table files a checkpoint replaced, waiting to be deleted off its path (see {@link #deleteReplacedFiles}). The
     * catalog no longer lists them; a checkpoint adds to this list under its monitor, and whatever makes a file that
     * could take such a name (dropping a table's files) empties it first, under {@link #deleting}.
     */
    private final List<Path> replaced = new ArrayList<>();
    /**
     * Held while a batch taken from {@link #replaced} is deleted, so a caller that needs those files gone (a drop,
     * whose table made again numbers its files from 1; a backup listing the directory; flush; close) waits for a
     * batch under way in the background instead of finding the list empty and going on. The list's own monitor is
     * not held meanwhile: a checkpoint adding to it never waits for the disk.
     */
    private final Object deleting = new Object();
    /** Replaced table files the writer writes over instead of making new ones. */
    private final SpareFiles spares;
    /** Writes every table file, through buffers kept between checkpoints; guarded by the checkpoint lock. */
    private final TableFileWriter writer;
    /** Forces the segment each checkpoint rotates beside its table files' own work. */
    private final RotatedSegmentSync segmentSync = new RotatedSegmentSync();
    /** The expiry hints last written; guarded by the checkpoint lock. */
    private java.util.Map<String, Long> lastHints;

    /** One file written for one table, and what it replaced. */
    private record Written(TableSnapshot snapshot, long seq, long bytes) {
    }

    Checkpointer(Locks locks, TableCache cache, WriteAheadLog wal, FileLayer files, Path directory, AesGcm cipher,
                 CheckpointPolicy policy, LongSupplier revision, RetainedSegments retained,
                 java.util.function.BiConsumer<String, Runnable> background) {
        this.retained = retained;
        this.background = background;
        this.locks = locks;
        this.cache = cache;
        this.wal = wal;
        this.files = files;
        this.directory = directory;
        this.cipher = cipher;
        this.policy = policy;
        this.revision = revision;
        this.spares = new SpareFiles(files, directory);
        this.writer = new TableFileWriter(spares);
    }

    /**
     * The expiry sweeper's hints for the next open, when they changed since this database last wrote them (each write
     * is a file creation and a rename, which wait for the file system's journal); a failure costs only timeliness
     * after a restart.
     */
    private void writeExpiryHints() {
        java.util.Map<String, Long> hints = cache.soonestExpirations();
        if (hints.equals(lastHints)) {
            return;
        }
        try {
            ExpiryHints.write(files, directory, hints);
            lastHints = hints;
        } catch (IOException e) {
            System.getLogger("dev.mikrodb").log(System.Logger.Level.DEBUG, "expiry hints not written: " + e);
        }
    }

    CheckpointPolicy policy() {
        return policy;
    }

    /** Checkpoints every dirty table. Returns the number of table files written. */
    int checkpoint() {
        locks.checkpoint.lock();
        try {
            List<TableSnapshot> snapshots = new ArrayList<>();
            int segment;
            locks.commit.lock();
            try {
                long current = revision.getAsLong();
                for (Table t : cache.loadedTables()) {
                    if (t.isDirty()) {
                        snapshots.add(t.takeSnapshot(current));
                    }
                }
                if (snapshots.isEmpty() && wal.activeSegmentBytes() <= WalFormat.HEADER_BYTES
                        && cache.catalog().droppedStems().isEmpty()) {
                    return 0;
                }
                try {
                    segment = wal.rotate();
                } catch (StorageException e) {
                    spares.discardAll(); // a full disk: the retry may need their space
                    markFailed(snapshots);
                    throw e;
                }
                policy.checkpointStarted();
            } finally {
                locks.commit.unlock();
            }
            List<Written> written = new ArrayList<>();
            // The log before the data: no table file may take its name before the segment is durable.
            java.util.concurrent.Future<?> logDurable = segmentSync.start(wal, segment);
            writer.renameOnlyAfter(() -> RotatedSegmentSync.await(logDurable));
            try {
                // Dropped tables' files go first: a table dropped and written again (recovery can replay both)
                // writes its new base under the same name, which must not be deleted as the old one's.
                deleteDroppedFiles();
                for (TableSnapshot s : snapshots) {
                    written.add(write(s));
                }
                RotatedSegmentSync.await(logDurable); // also when no table file was written
                List<SpareFiles.Spare> replacedBases = spares.offeredNow();
                files.syncDirectory(directory);
                spares.publish(replacedBases); // their names are durable now: they may be written over
                retained.retireThrough(segment, wal);
            } catch (IOException | RuntimeException e) {
                spares.discardAll(); // a full disk: the retry may need their space
                recordFiles(written);
                markFailed(snapshots.subList(written.size(), snapshots.size()));
                throw e instanceof IOException io ? IoFailures.storage("checkpoint failed (every acknowledged write is "
                        + "safe in the write-ahead log)", io)
                        : e instanceof StorageException se ? se : new StorageException("checkpoint failed: " + e, e);
            } finally {
                writer.renameOnlyAfter(null);
            }
            recordFiles(written);
            deleteStaleDeltas(written);
            inBackground("making the next WAL segment file", () -> {
                try {
                    wal.prepareNextSegment();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e); // logged; the next rotation makes its file itself
                }
            });
            writeExpiryHints();
            policy.checkpointFinished();
            return snapshots.size();
        } finally {
            locks.checkpoint.unlock();
        }
    }

    private Written write(TableSnapshot s) throws IOException {
        Table t = s.table();
        long seq = t.files().lastSeq() + 1;
        // In the map's order, unsorted: entries are placed by their key's hash bucket and nothing reads a bucket in
        // key order, so sorting a base by key (a third of a full checkpoint's CPU at 100,000 items) bought nothing.
        Path target = s.full() ? TableFiles.base(directory, t.name) : TableFiles.delta(directory, t.name, seq);
        // The spare to write over: the longest for a base, one near the table's mean delta for a delta.
        TableFileState state = t.files();
        long expected = s.full() ? Long.MAX_VALUE : state.deltas() == 0 ? 0 : state.deltaBytes() / state.deltas();
        long length = writer.writeAtomically(files, target, t.name, seq, s.revision(), !s.full(),
                s.records(), s.removed(), cipher, expected);
        return new Written(s, seq, length);
    }

    /** Under the checkpoint lock: the written files become the tables' files (even if a later step failed). */
    private void recordFiles(List<Written> written) {
        locks.commit.lock();
        try {
            for (Written w : written) {
                Table t = w.snapshot().table();
                if (w.snapshot().full()) {
                    t.filesAre(t.files().withBase(w.seq()));
                    cache.catalog().baseWritten(t.name, w.seq());
                } else {
                    t.filesAre(w.snapshot().mergesDeltas() ? t.files().withMergedDelta(w.seq(), w.bytes())
                            : t.files().withDelta(w.seq(), w.bytes()));
                    cache.catalog().deltaWritten(t.name, w.seq());
                }
            }
        } finally {
            locks.commit.unlock();
        }
    }

    /**
     * Deltas a new base or a merged delta replaced: harmless if left (below a base they are ignored; below a merged
     * delta they are applied before it, which overwrites every key they hold), so they are deleted on the maintenance
     * thread rather than here. Deleting a file is slow on some file systems (0.2-0.5 ms each on this project's test
     * machine, where a merge's 16 deletions made every 16th checkpoint of 1,000 items take 15-20 ms instead of 4).
     */
    private void deleteStaleDeltas(List<Written> written) {
        boolean any = false;
        for (Written w : written) {
            if (w.snapshot().full() || w.snapshot().mergesDeltas()) {
                String stem = w.snapshot().table().name;
                long through = w.snapshot().full() ? w.seq() : w.seq() - 1;
                List<Path> stale = cache.catalog().staleDeltas(stem, through);
                cache.catalog().staleDeltasDeleted(stem, through);
                synchronized (replaced) {
                    replaced.addAll(stale);
                }
                any |= !stale.isEmpty();
            }
        }
        if (any) {
            // if the maintenance thread is stopping, close deletes them, or the next open finds them harmless
            inBackground("deleting replaced table files", this::deleteReplacedFiles);
        }
    }

    private void inBackground(String what, Runnable task) {
        try {
            background.accept(what, task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the maintenance thread is stopping: each task says what then happens instead
        }
    }

    /**
     * Deletes the table files checkpoints replaced, in the background or at close. One that cannot be deleted stays
     * in the list, harmless on disk (the table's files after it make it so), and is tried again with the next.
     */
    void deleteReplacedFiles() {
        try {
            deleteReplaced();
        } catch (IOException e) {
            System.getLogger("dev.mikrodb").log(System.Logger.Level.DEBUG, "replaced table file not deleted: " + e);
        }
    }

    /**
     * At close, after the last checkpoint and {@link #deleteReplacedFiles}: deletes the spares, leaving only the
     * tables' files, and stops the thread that forces rotated segments.
     */
    void close() {
        spares.discardAll();
        segmentSync.close();
    }

    /**
     * Takes the list and deletes outside its monitor, under {@link #deleting}. A file the writer can write over is
     * kept as a spare instead ({@link SpareFiles}): a rename, where a deletion frees its blocks.
     */
    private void deleteReplaced() throws IOException {
        synchronized (deleting) {
            List<Path> batch;
            synchronized (replaced) {
                batch = new ArrayList<>(replaced);
                replaced.clear();
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    if (!spares.offer(batch.get(i))) {
                        files.deleteIfExists(batch.get(i));
                    }
                } catch (IOException e) {
                    synchronized (replaced) {
                        replaced.addAll(batch.subList(i, batch.size()));
                    }
                    throw e;
                }
            }
            spares.publishOffered();
        }
    }

    /**
     * Creates an empty table by writing its (empty) base file, durably, so it exists without any item. Returns false
     * if the table exists already.
     */
    boolean createEmptyTable(String name) {
        locks.checkpoint.lock();
        try {
            locks.load.lock();
            try {
                if (cache.exists(name)) {
                    return false;
                }
                deleteDroppedFiles(); // a dropped table of that name must not keep files the new base would join
                long seq = cache.catalog().highestSeq(name) + 1;
                try {
                    writer.writeAtomically(files, TableFiles.base(directory, name), name, seq, revision.getAsLong(),
                            false, List.of(), List.of(), cipher);
                    files.syncDirectory(directory);
                } catch (IOException e) {
                    throw IoFailures.storage("cannot create table '" + name + "'", e);
                }
                locks.commit.lock();
                try {
                    cache.forget(name); // an uncommitted placeholder would hide the new file
                    cache.catalog().baseWritten(name, seq);
                } finally {
                    locks.commit.unlock();
                }
                return true;
            } finally {
                locks.load.unlock();
            }
        } finally {
            locks.checkpoint.unlock();
        }
    }

    /**
     * Under the checkpoint lock: deletes the files of dropped tables and fsyncs the directory. A failure is left for
     * the next checkpoint, which must succeed at it before it discards the WAL records of the drops.
     *
     * <p>The WAL is forced first: deleting a table's files is the one step that destroys data, so the drop must be on
     * disk before it. Otherwise a crash (async mode) or a power loss could keep the table's later writes in the log
     * and lose the drop, and recovery would rebuild half a table from them (the torture harness found this).
     */
    void deleteDroppedFiles() {
        List<String> stems = cache.catalog().droppedStems();
        if (stems.isEmpty()) {
            return;
        }
        wal.sync();
        try {
            deleteReplaced(); // a table made again under a dropped name numbers its files from 1 again
            for (Path p : cache.catalog().droppedFiles()) {
                files.deleteIfExists(p);
            }
            files.syncDirectory(directory);
            cache.catalog().droppedFilesDeleted(stems);
        } catch (IOException e) {
            throw IoFailures.storage("cannot delete the files of dropped table(s) " + stems
                    + "; they stay dropped and the next checkpoint retries", e);
        }
    }

    private void markFailed(List<TableSnapshot> snapshots) {
        locks.commit.lock();
        try {
            for (TableSnapshot s : snapshots) {
                s.table().snapshotFailed(s);
            }
        } finally {
            locks.commit.unlock();
        }
    }
}
