package dev.mikrodb.internal.engine;

import dev.mikrodb.ChangeEvent;
import dev.mikrodb.Durability;
import dev.mikrodb.HistoryCompactedException;
import dev.mikrodb.StorageException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.events.BatchEvents;
import dev.mikrodb.internal.events.ChangeHistory;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.RetainedSegments;
import dev.mikrodb.internal.storage.WalReader;
import dev.mikrodb.internal.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The change feed's history: the WAL segments, retained ones first ({@link RetainedSegments}). Every commit is one
 * WAL record and revisions are consecutive, so a reader knows exactly which record comes next and notices any gap.
 * Segments move (rotation, a checkpoint retiring them) while they are read; a reader that finds a file gone, or the
 * segment it read ending before the revision it wants, lists them again.
 */
final class FeedHistory implements ChangeHistory {
    /** Listings in a row that find nothing new before a missing revision counts as lost. */
    private static final int MAX_FRUITLESS_LISTINGS = 50;

    private final Locks locks;
    private final Committer committer;
    private final WriteAheadLog wal;
    private final RetainedSegments segments;
    private final FileLayer files;
    private final AesGcm cipher;
    private final Durability durability;

    FeedHistory(Locks locks, Committer committer, WriteAheadLog wal, RetainedSegments segments, FileLayer files,
                AesGcm cipher, Durability durability) {
        this.locks = locks;
        this.committer = committer;
        this.wal = wal;
        this.segments = segments;
        this.files = files;
        this.cipher = cipher;
        this.durability = durability;
    }

    @Override
    public long mark(Runnable action) {
        long revision;
        long lsn;
        locks.commit.lock();
        try {
            action.run();
            revision = committer.revision();
            lsn = wal.writeOutBuffered();
        } finally {
            locks.commit.unlock();
        }
        if (durability == Durability.SYNC) {
            wal.awaitDurable(lsn); // no subscriber sees a commit before its writer could
        }
        return revision;
    }

    @Override
    public void read(long after, long upTo, Consumer<ChangeEvent> sink) {
        long position = after;
        int fruitless = 0;
        while (position < upTo) {
            long before = position;
            position = readOneSegment(position, upTo, sink);
            fruitless = position == before ? fruitless + 1 : 0;
            if (fruitless > MAX_FRUITLESS_LISTINGS) {
                throw new StorageException("the change feed is missing revision " + (position + 1)
                        + " although later ones exist; run 'mikrodb check'");
            }
            if (fruitless > 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** Reads the segment holding {@code position + 1}; returns the revision reached. */
    private long readOneSegment(long position, long upTo, Consumer<ChangeEvent> sink) {
        List<RetainedSegments.Segment> all;
        try {
            all = segments.all();
        } catch (IOException e) {
            throw new StorageException("cannot list the change feed's segments: " + e.getMessage(), e);
        }
        if (all.isEmpty() || all.get(0).startRevision() > position) {
            long compact = all.isEmpty() ? committer.revision() : all.get(0).startRevision();
            throw new HistoryCompactedException(position, compact, committer.revision());
        }
        RetainedSegments.Segment holding = all.get(0);
        for (RetainedSegments.Segment s : all) {
            if (s.startRevision() <= position) {
                holding = s;
            }
        }
        byte[] data;
        try {
            data = files.readAll(holding.path());
        } catch (NoSuchFileException e) {
            return position; // moved or deleted since the listing: list again
        } catch (IOException e) {
            throw new StorageException("cannot read the change feed segment " + holding.path() + ": "
                    + e.getMessage(), e);
        }
        long[] reached = {position};
        WalReader.read(holding.path(), data, cipher, batch -> {
            if (batch.revision() == reached[0] + 1 && batch.revision() <= upTo) {
                for (ChangeEvent e : BatchEvents.of(batch)) {
                    sink.accept(e);
                }
                reached[0] = batch.revision();
            }
        });
        return reached[0];
    }

    @Override
    public long compactRevision() {
        try {
            List<RetainedSegments.Segment> all = segments.all();
            return all.isEmpty() ? committer.revision() : all.get(0).startRevision();
        } catch (IOException e) {
            throw new StorageException("cannot list the change feed's segments: " + e.getMessage(), e);
        }
    }

    @Override
    public long currentRevision() {
        return committer.revision();
    }
}
