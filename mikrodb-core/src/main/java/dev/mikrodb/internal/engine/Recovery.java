package dev.mikrodb.internal.engine;

import dev.mikrodb.CorruptionException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.RotatedSegment;
import dev.mikrodb.internal.storage.StorageFile;
import dev.mikrodb.internal.storage.WalBatch;
import dev.mikrodb.internal.storage.WalFormat;
import dev.mikrodb.internal.storage.WalGap;
import dev.mikrodb.internal.storage.WalOp;
import dev.mikrodb.internal.storage.WalReader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays the WAL segments left by the last run over the table files, into memory. It writes no table file: the
 * replayed tables are dirty and the first checkpoint writes them, so opening needs no free space beyond a new WAL
 * segment, and a corrupt log (or a wrong key) leaves the directory exactly as it was.
 *
 * <p>Damage policy (the one PostgreSQL, SQLite and RocksDB's point-in-time recovery follow): a damaged record with no
 * valid record after it, in its segment or any later one, is the torn tail of an interrupted write: replay stops
 * there, and the damaged bytes are moved to a side file named in a warning, so no byte is destroyed. Damage followed
 * by valid records is corruption: the database refuses to open, naming file and offset. Segments after a gap in the
 * revisions ({@link WalGap}) are set aside whole. In strict mode any damage or gap refuses.
 */
final class Recovery {
    private static final System.Logger LOG = new LazyLogger("dev.mikrodb.recovery");

    /** What recovery did, for the log. */
    record Outcome(int segments, long records, List<String> tornTails, int tablesTouched, long revision) {
    }

    /** One segment as read: its batches, and the damage at its end (or null). */
    private record SegmentRead(Path file, byte[] data, List<WalBatch> batches, WalReader.Result result) {
    }

    private final FileLayer files;
    private final Path directory;
    private final List<Path> entries;
    private final String walFileName;
    private final AesGcm cipher;
    private final TableCache cache;
    private final boolean strict;
    private final Map<String, Table> touched = new LinkedHashMap<>();
    private final Set<String> dropped = new HashSet<>();

    /** @param entries a listing of {@code directory} made at open, under its lock: the WAL segments and leftovers */
    Recovery(FileLayer files, Path directory, List<Path> entries, String walFileName, AesGcm cipher, TableCache cache,
             boolean strict) {
        this.files = files;
        this.entries = entries;
        this.directory = directory;
        this.walFileName = walFileName;
        this.cipher = cipher;
        this.cache = cache;
        this.strict = strict;
    }

    Outcome run() throws IOException {
        removeLeftoverTempFiles();
        List<Path> segments = new ArrayList<>(RotatedSegment.pathsAmong(entries, walFileName));
        Path active = directory.resolve(walFileName);
        if (entries.contains(active)) { // the listing holds it when it exists: no second look at the disk
            segments.add(active);
        }
        List<SegmentRead> reads = new ArrayList<>();
        for (Path segment : segments) {
            byte[] data = files.readAll(segment);
            List<WalBatch> batches = new ArrayList<>();
            reads.add(new SegmentRead(segment, data, batches, WalReader.read(segment, data, cipher, batches::add)));
        }
        checkDamage(reads);
        int gap = firstAfterGap(reads);
        long records = 0;
        long revision = 0;
        for (SegmentRead r : reads.subList(0, gap)) {
            for (WalBatch b : r.batches()) {
                replay(b);
            }
            records += r.batches().size();
            revision = Math.max(revision, Math.max(r.result().startRevision(), r.result().lastRevision()));
        }
        if (!replayedHeader(reads, gap, active)) { // the WAL cannot tell how far the database had come
            revision = Math.max(revision, RevisionFloor.of(files, directory, cache.catalog(), cipher));
        }
        List<String> torn = new ArrayList<>();
        for (SegmentRead r : reads.subList(0, gap)) {
            if (r.data().length == 0) {
                files.deleteIfExists(r.file()); // holds nothing; as a rotated segment it would read as a lost one
            } else if (r.result().damage() != null) {
                torn.add(setAside(r)); // forces what it keeps
            } else if (r.result().validEnd() < r.data().length || !r.batches().isEmpty()) {
                keepDurable(r);
            }
        }
        for (SegmentRead r : reads.subList(gap, reads.size())) {
            if (r.result().records() == 0 && r.result().damage() == null) {
                files.deleteIfExists(r.file()); // only a header, naming revisions lost in the gap (WalGap)
            } else {
                torn.add(setAsideAfterGap(r, reads.get(gap)));
            }
        }
        for (String name : dropped) {
            cache.drop(name);
        }
        for (Table t : touched.values()) {
            cache.install(t);
        }
        return new Outcome(segments.size(), records, torn, touched.size(), revision);
    }

    /**
     * Whether the active segment is replayed with its header, which holds the revision of the rotation that made it:
     * at least that of every table file, which checkpoints write after their rotation.
     */
    private static boolean replayedHeader(List<SegmentRead> reads, int gap, Path active) {
        int last = reads.size() - 1;
        return last >= 0 && last < gap && reads.get(last).file().equals(active)
                && reads.get(last).result().validEnd() >= WalFormat.HEADER_BYTES;
    }

    /** Refuses damage that valid records follow (or any damage, in strict mode). */
    private void checkDamage(List<SegmentRead> reads) {
        for (int i = 0; i < reads.size(); i++) {
            WalReader.Damage d = reads.get(i).result().damage();
            if (d == null) {
                continue;
            }
            Path file = reads.get(i).file();
            if (strict) {
                throw new CorruptionException(file, d.offset(), d.problem() + " (strict recovery refuses even a "
                        + "damaged tail; open without strict mode to set it aside)");
            }
            for (int j = i + 1; j < reads.size(); j++) {
                if (!reads.get(j).batches().isEmpty()) {
                    throw new CorruptionException(file, d.offset(), d.problem() + ", and valid records follow it in "
                            + reads.get(j).file().getFileName());
                }
            }
        }
    }

    /** The first segment after a gap ({@link WalGap}); strict mode refuses one that records follow. */
    private int firstAfterGap(List<SegmentRead> reads) {
        List<WalReader.Result> results = reads.stream().map(SegmentRead::result).toList();
        int gap = WalGap.firstAfter(results);
        if (strict && WalGap.recordsFrom(results, gap)) {
            throw new CorruptionException(reads.get(gap).file(), 0, "records follow a gap in the log (strict "
                    + "recovery refuses; open without strict mode to set them aside)");
        }
        return gap;
    }

    /** Moves a segment that follows a gap aside whole ({@link #firstAfterGap}), fsynced, named in a warning. */
    private String setAsideAfterGap(SegmentRead r, SegmentRead first) throws IOException {
        Path side = sideFile(r.file(), 0);
        files.moveAtomically(r.file(), side);
        files.syncDirectory(directory);
        LOG.log(Level.WARNING, "WAL " + r.file() + ": " + r.batches().size() + " record(s) follow a gap in the "
                + "log (before " + first.file().getFileName() + "): records before them were lost in a power cut, "
                + "none of these was durable, so replay stops at the gap and the segment was moved to " + side);
        return side.getFileName().toString();
    }

    /**
     * A new name for bytes set aside from {@code segment} at {@code offset}: {@code <segment>.damaged-at-<offset>},
     * with a number after it when an earlier recovery left a file of that name (the active segment is always
     * {@code wal.log}, and a later power cut can tear it at the same offset), so no side file is ever overwritten.
     */
    private Path sideFile(Path segment, long offset) {
        String name = segment.getFileName() + ".damaged-at-" + offset;
        Path side = segment.resolveSibling(name);
        for (int n = 2; files.exists(side); n++) {
            side = segment.resolveSibling(name + "." + n);
        }
        return side;
    }

    /** Moves the damaged tail of a segment to a side file (fsynced) and cuts it off the segment. */
    private String setAside(SegmentRead r) throws IOException {
        WalReader.Damage d = r.result().damage();
        Path side = sideFile(r.file(), d.offset());
        int length = r.data().length - (int) d.offset();
        try (StorageFile out = files.create(side)) {
            out.write(ByteBuffer.wrap(r.data(), (int) d.offset(), length));
            out.force();
        }
        files.syncDirectory(directory);
        if (d.offset() == 0) {
            files.deleteIfExists(r.file()); // left empty, a rotated segment would read as one that lost records
        } else {
            try (StorageFile segment = files.openForAppend(r.file())) {
                segment.truncate(d.offset());
                segment.force();
            }
        }
        LOG.log(Level.WARNING, "WAL " + r.file() + ": the record at offset " + d.offset() + " is damaged ("
                + d.problem() + ") and nothing valid follows it, so it is the tail of an interrupted write; replay "
                + "stops there and its " + length + " bytes were moved to " + side);
        return side.getFileName().toString();
    }

    /**
     * Cuts the zeros a sync-durability log wrote ahead of its records (a crash kept them), so that no later reader
     * of the segment, in {@code changes/} or a backup, carries them; and forces the segment when it holds records.
     * What was replayed must be on disk before the new log's records follow it (the order {@link WalGap} relies on):
     * after a crash that was not a reboot, the last run's unsynced records may still be only in the page cache.
     */
    private void keepDurable(SegmentRead r) throws IOException {
        try (StorageFile segment = files.openForAppend(r.file())) {
            if (r.result().validEnd() < r.data().length) {
                segment.truncate(r.result().validEnd());
            }
            if (!r.batches().isEmpty()) {
                segment.force();
            }
        }
    }

    private void replay(WalBatch batch) {
        for (WalOp op : batch.ops()) {
            if (op.type() == WalOp.DROP_TABLE) {
                touched.remove(op.table());
                dropped.add(op.table());
                continue;
            }
            Table t = touched.computeIfAbsent(op.table(), this::startingState);
            if (op.type() == WalOp.PUT) {
                t.put(Record.of(op.item()));
            } else {
                t.remove(op.key());
            }
        }
    }

    /** The table as it was before the replayed records: its files, unless the log dropped it since. */
    private Table startingState(String name) {
        if (!dropped.contains(name) && cache.catalog().exists(name)) {
            return cache.readFiles(name);
        }
        return Table.created(name, cache.catalog().highestSeq(name));
    }

    private void removeLeftoverTempFiles() throws IOException {
        for (Path p : entries) {
            if (p.getFileName().toString().endsWith(".tmp")) {
                files.deleteIfExists(p);
            } else {
                dev.mikrodb.internal.backup.Backups.removeIfLeftoverStaging(p); // a backup killed while gathering
            }
        }
    }
}
