package dev.mikrodb.internal.storage;

import dev.mikrodb.Durability;
import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The active write-ahead log segment ({@code wal.log}) and its rotated predecessors ({@code wal.log.N}).
 *
 * <p>Positions are logical sequence numbers (LSNs): bytes appended since this log was opened. {@link #append} returns
 * the LSN at the end of the record; {@link #awaitDurable} returns once that LSN is fsynced. Concurrent waiters share
 * fsyncs (group commit, {@link GroupCommit}): one leads, forces the file as far as written, and the others return
 * with it once it covers them. {@code syncLock} serialises the fsyncs; it comes before {@code ioLock}. A failed fsync
 * leaves the log failed (the kernel may have dropped the dirty pages) until the database is reopened and recovered.
 *
 * <p>{@link #rotate} runs under the database's commit lock and forces nothing: the rotated segment is kept open
 * ({@link RetiringSegments}); the next fsync forces it, then the new segment and the directory, and the checkpoint
 * that rotated it forces it before any table file takes its name ({@link #syncRotatedThrough}). So no record of a
 * segment is durable unless every earlier segment is: recovery relies on it to find a gap ({@link WalGap}).
 * Every acknowledgement that needs durability waits for an fsync that covers it.
 */
public final class WriteAheadLog implements Closeable {
    private final FileLayer files;
    private final Path directory;
    private final String baseName;
    private final AesGcm cipher;
    private final Durability durability;
    private final ReentrantLock ioLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final WalSegments segments;
    private final java.util.concurrent.atomic.LongAdder fsyncs = new java.util.concurrent.atomic.LongAdder();
    private final GroupCommit groupCommit = new GroupCommit();
    private final ActiveSegment active; // guarded by ioLock
    /** The revision of the last record appended (or the start revision); guarded by ioLock. */
    private long lastRevision;
    private final AsyncRecordBuffer buffer; // guarded by ioLock
    private final WalCodec.Encoder encoder = new WalCodec.Encoder(); // guarded by ioLock
    private long appendedLsn;
    private volatile long writtenLsn;
    private volatile long durableLsn;
    private volatile long segmentBytes; // written under ioLock
    private int lastSegmentNumber;
    private volatile IOException failure;
    /** Rotated segments not yet forced; guarded by ioLock. */
    private final RetiringSegments retiring = new RetiringSegments();
    /** A rename or creation in the directory awaits a directory fsync; guarded by ioLock. */
    private boolean directoryDirty;

    private WriteAheadLog(FileLayer files, Path directory, String baseName, AesGcm cipher, Durability durability,
                          int maxBufferedOps, long startRevision) {
        this.files = files;
        this.directory = directory;
        this.baseName = baseName;
        this.cipher = cipher;
        this.durability = durability;
        this.buffer = new AsyncRecordBuffer(maxBufferedOps);
        this.lastRevision = startRevision;
        this.segments = new WalSegments(files, directory, baseName);
        this.active = new ActiveSegment(durability);
    }

    /**
     * Starts the log with a new, empty active segment. An existing {@code wal.log} (which recovery has read) becomes
     * the newest numbered segment, so nothing it holds is lost before a checkpoint has made it redundant; the new
     * segment is fsynced and in place before this returns.
     *
     * @param startRevision the database's revision now, recorded in the segment header
     */
    public static WriteAheadLog open(FileLayer files, Path directory, String baseName, AesGcm cipher,
                                     Durability durability, int maxBufferedOps, long startRevision) throws IOException {
        WriteAheadLog wal = new WriteAheadLog(files, directory, baseName, cipher, durability, maxBufferedOps,
                startRevision);
        WalSegments.Segment empty = cipher == null ? wal.segments.emptyActive(startRevision) : null;
        if (empty != null) {
            wal.install(empty);
            // The previous run may have died between creating this segment and syncing the directory: the next
            // fsync syncs the directory too, before any record in the segment counts as durable.
            wal.directoryDirty = true;
            return wal;
        }
        WalSegments.Segment fresh = wal.segments.create(cipher != null, startRevision);
        try {
            fresh.file().force();
            if (files.exists(wal.activePath())) {
                wal.lastSegmentNumber = wal.segments.retireActive(wal.lastSegmentNumber, -1);
            }
            wal.segments.activate();
            files.syncDirectory(directory);
        } catch (IOException e) {
            fresh.file().close();
            throw e;
        }
        wal.install(fresh);
        return wal;
    }

    /** fsyncs of the log since open. */
    public long fsyncCount() {
        return fsyncs.sum();
    }

    /** Bytes appended to the log since open (records, framing included). */
    public long appendedBytes() {
        return appendedLsn;
    }

    public Path activePath() {
        return directory.resolve(baseName);
    }

    private void install(WalSegments.Segment s) {
        active.install(s);
        segmentBytes = s.headerBytes();
    }

    /**
     * Appends one record holding {@code batch} and returns its end LSN. On an I/O error nothing of the record remains
     * in the log and a {@link StorageException} is thrown ({@code DiskFullException} when the disk is full).
     */
    public long append(WalBatch batch) {
        ioLock.lock();
        try {
            checkUsable();
            ByteWriter encoded = encoder.encode(batch);
            ByteWriter framed = WalFormat.frame(encoded, cipher, active.noncePrefix(),
                    cipher == null ? 0 : active.nextNonce());
            byte[] record = framed.array();
            int length = framed.length();
            if (durability == Durability.ASYNC) {
                if (buffer.add(record, length)) {
                    writeBuffer();
                }
            } else {
                writeOut(record, length);
            }
            appendedLsn += length;
            segmentBytes += length;
            lastRevision = batch.revision();
            return appendedLsn;
        } finally {
            ioLock.unlock();
        }
    }

    private void writeOut(byte[] data, int length) {
        long before = active.position();
        try {
            active.write(data, length);
            writtenLsn += length;
        } catch (IOException e) {
            try { // cut the partial record off, so later records never follow garbage
                active.cutBackTo(before);
            } catch (IOException truncateFailure) {
                failure = truncateFailure; // the log can no longer be trusted
            }
            throw IoFailures.storage("could not append to the write-ahead log " + activePath(), e);
        }
    }

    private void writeBuffer() {
        if (buffer.isEmpty()) {
            return;
        }
        try {
            writeOut(buffer.array(), buffer.length());
        } catch (StorageException e) {
            // Buffered records were already acknowledged (async mode) and applied in memory: the log is now
            // missing acknowledged writes, so stop accepting new ones.
            failure = new IOException("buffered WAL records could not be written", e.getCause());
            throw e;
        } finally {
            buffer.clear();
        }
    }

    private void checkUsable() {
        IOException f = failure;
        if (f != null) {
            throw new StorageException("the write-ahead log " + activePath() + " failed earlier (" + f.getMessage()
                    + "); reopen the database to recover", f);
        }
    }

    /**
     * Writes buffered records (async mode) to the file without an fsync, so a reader of the segment files sees
     * every record appended so far; returns the LSN they end at.
     */
    public long writeOutBuffered() {
        ioLock.lock();
        try {
            checkUsable();
            writeBuffer();
            return appendedLsn;
        } finally {
            ioLock.unlock();
        }
    }

    /** Blocks until everything up to {@code lsn} is fsynced, sharing fsyncs with concurrent callers. */
    public void awaitDurable(long lsn) {
        if (durableLsn < lsn) {
            groupCommit.await(lsn, () -> durableLsn, this::sync);
        }
    }

    /** Writes out any buffered records and fsyncs the log. */
    public void sync() {
        syncLock.lock();
        try {
            forceNow();
        } finally {
            syncLock.unlock();
        }
    }

    private void forceNow() {
        long target;
        StorageFile f;
        List<StorageFile> retired;
        boolean syncDirectory;
        ioLock.lock();
        try {
            checkUsable();
            writeBuffer();
            target = writtenLsn;
            f = active.file();
            if (durableLsn >= target && retiring.isEmpty()) {
                // Every record is durable. A pending directory sync (after a rotation, or of a reused wal.log)
                // waits for the next record: only a record makes the directory entry matter.
                return;
            }
            retired = retiring.takeAll();
            syncDirectory = directoryDirty;
            directoryDirty = false;
        } finally {
            ioLock.unlock();
        }
        try {
            // Outside ioLock: writers keep appending while the disk flushes; they join the next fsync.
            for (StorageFile old : retired) {
                old.force();
                old.close();
            }
            f.force();
            fsyncs.increment();
            if (syncDirectory) {
                files.syncDirectory(directory);
            }
            durableLsn = Math.max(durableLsn, target);
        } catch (IOException e) {
            failure = e;
            throw IoFailures.storage("fsync of the write-ahead log " + activePath() + " failed", e);
        }
    }

    /**
     * Renames the active segment to {@code wal.log.N} and starts a new one, without waiting for the disk. Returns N;
     * a checkpoint that has made the tables durable may then delete segments up to N. If the new segment cannot be
     * created (a full disk), nothing changes and the log stays usable: the checkpoint fails and is retried later.
     */
    public int rotate() {
        ioLock.lock();
        try {
            checkUsable();
            writeBuffer();
            WalSegments.Segment next;
            try {
                next = segments.create(cipher != null, lastRevision);
            } catch (IOException e) {
                throw IoFailures.storage("could not start a new write-ahead log segment", e);
            }
            int number;
            try {
                // Renaming an open file is safe on POSIX; the retiring handle is forced and closed by the next fsync.
                number = segments.retireActive(lastSegmentNumber, active.position());
            } catch (IOException e) {
                segments.discard(next);
                throw IoFailures.storage("could not rotate the write-ahead log " + activePath(), e);
            }
            try {
                segments.activate();
            } catch (IOException e) {
                try {
                    segments.reactivate(number); // undo: the old segment stays active
                } catch (IOException undo) {
                    failure = undo;
                }
                segments.discard(next);
                throw IoFailures.storage("could not rotate the write-ahead log " + activePath(), e);
            }
            retiring.add(number, active.file(), writtenLsn);
            install(next);
            directoryDirty = true;
            lastSegmentNumber = number;
            return number;
        } finally {
            ioLock.unlock();
        }
    }

    /** Makes the file the next rotation takes, so that it does not wait on a file creation under the commit lock. */
    public void prepareNextSegment() throws IOException {
        segments.prepareNext();
    }

    /**
     * Before a checkpoint's table files take their names: makes the segments rotated up to {@code number} durable
     * and closes them ({@link RetiringSegments#forceAndClose}).
     */
    public void syncRotatedThrough(int number) {
        syncLock.lock();
        try {
            List<RetiringSegments.Handle> handles;
            ioLock.lock();
            try {
                checkUsable();
                handles = retiring.takeThrough(number);
            } finally {
                ioLock.unlock();
            }
            durableLsn = RetiringSegments.forceAndClose(handles, durableLsn, fsyncs); // outside ioLock: writers go on
        } catch (IOException e) {
            failure = e;
            throw IoFailures.storage("fsync of a rotated write-ahead log segment failed", e);
        } finally {
            syncLock.unlock();
        }
    }

    /** The log's segment files, for the checkpoint that retires rotated ones ({@link RetainedSegments}). */
    WalSegments segments() {
        return segments;
    }

    /** Bytes in the active segment, header included: the WAL-size checkpoint trigger. */
    public long activeSegmentBytes() {
        return segmentBytes;
    }

    public boolean isFailed() {
        return failure != null;
    }

    @Override
    public void close() throws IOException {
        syncLock.lock();
        ioLock.lock();
        try {
            if (active.file() == null) {
                return;
            }
            List<StorageFile> retired = retiring.takeAll();
            try {
                if (failure == null) {
                    writeBuffer();
                    active.cutZerosAhead();
                    // Nothing written since the last fsync and nothing rotated: every record is durable already,
                    // and a directory entry no record depends on need not be (a lost header-only wal.log is
                    // recreated at the next open), so a read-only session closes without touching the disk.
                    if (writtenLsn > durableLsn || !retired.isEmpty()) {
                        for (StorageFile old : retired) {
                            old.force();
                        }
                        active.file().force();
                        if (directoryDirty) {
                            files.syncDirectory(directory);
                        }
                        durableLsn = writtenLsn;
                    }
                }
            } finally {
                for (StorageFile old : retired) {
                    old.close();
                }
                active.close();
                segments.close();
                failure = failure != null ? failure : new IOException("closed");
            }
        } finally {
            ioLock.unlock();
            syncLock.unlock();
        }
    }
}
