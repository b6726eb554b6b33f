package dev.mikrodb.internal.storage;

import dev.mikrodb.CorruptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The WAL segments kept after a checkpoint has made them redundant for recovery, so that the log doubles as a
 * durable change feed. They live in {@code changes/} under the database directory, named by the revision their
 * segment starts after ({@code 00000000000000001234.wal}); recovery never reads them. A checkpoint hands its
 * rotated segments here instead of deleting them; the oldest are deleted once they are older than the retention or
 * push the total over the size cap. Files are moved, never rewritten, so an encrypted database's history stays
 * encrypted.
 */
public final class RetainedSegments {
    public static final String DIRECTORY = "changes";
    private static final String SUFFIX = ".wal";

    /** A segment of the log in revision order: its file and the revision its first record follows. */
    public record Segment(Path path, long startRevision) {
    }

    private final FileLayer files;
    private final Path directory;
    private final Path retained;
    private final String baseName;
    private final Duration retention;
    private final long maxBytes;
    /** Serialises moves and pruning with listing, so a reader sees each segment in exactly one place. */
    private final Object lock = new Object();
    /**
     * The retained segments by start revision, with their sizes (never rewritten once moved here), loaded from the
     * directory on first use and kept up to date by this class's moves and deletions, so that pruning after every
     * checkpoint does not list and stat the whole history again (a millisecond at a few hundred segments); guarded
     * by {@link #lock}.
     */
    private java.util.TreeMap<Long, Long> index;
    /** The sum of {@link #index}'s sizes. */
    private long indexedBytes;
    /** Whether a retire has succeeded since open, so the log's list of what it rotated is complete. */
    private boolean listed;
    /** {@code changes/} exists (it is never deleted while the database is open). */
    private boolean retainedDirectoryExists;

    public RetainedSegments(FileLayer files, Path directory, String baseName, Duration retention, long maxBytes) {
        this.files = files;
        this.directory = directory;
        this.retained = directory.resolve(DIRECTORY);
        this.baseName = baseName;
        this.retention = retention;
        this.maxBytes = maxBytes;
    }

    public boolean enabled() {
        return !retention.isZero() && maxBytes > 0;
    }

    /**
     * Takes the rotated segments numbered up to {@code number} (which a checkpoint has made redundant): moves them
     * into {@code changes/}, or deletes them when retention is off, then prunes what retention no longer covers.
     *
     * <p>The first time, and after a failure, it lists the directory and reads each segment's header, which finds
     * a previous run's segments and any a failed retire left; otherwise {@code log}'s own account of what it rotated
     * since is complete (only this database, holding the directory lock, rotates segments here), and retiring costs
     * a rename and a stat per segment: the listing and the read took 0.35-0.4 ms of a 3.5 ms checkpoint of 1,000
     * items in a probe.
     *
     * <p>No directory is fsynced here (two fsyncs, a third of a small checkpoint's time): the caller has fsynced the
     * table files and the database directory, and the next checkpoint fsyncs the directory again before it retires
     * anything. So a crash can undo only the latest retire, putting back segments whose records are all in the
     * table files; recovery replays them again, which is harmless because the log left is still a suffix of the
     * history and each record carries whole items. A rename is atomic, so a segment is never in both places.
     */
    public void retireThrough(int number, WriteAheadLog log) throws IOException {
        WalSegments segments = log.segments();
        synchronized (lock) {
            boolean complete = listed;
            listed = false; // until this retire has succeeded
            if (complete) {
                for (RotatedSegment s : segments.unretiredThrough(number)) {
                    retire(s.path(), enabled() ? s.startRevision() : -1, s.end());
                }
            } else {
                java.util.Map<Integer, Long> ends = new java.util.HashMap<>(); // of those rotated since open
                for (RotatedSegment s : segments.unretiredThrough(number)) {
                    ends.put(s.number(), s.end());
                }
                for (Path p : segments.rotated()) {
                    int n = (int) WalSegments.numberOf(p, baseName);
                    if (n <= number) {
                        retire(p, enabled() ? startRevisionOrMinus1(p) : -1, ends.getOrDefault(n, -1L));
                    }
                }
            }
            segments.retiredThrough(number);
            prune();
            listed = true;
        }
    }

    /**
     * Under {@link #lock}: moves one rotated segment into {@code changes/}, or deletes it (a start of -1). Zeros the
     * log wrote ahead of the records (those after {@code end}, when known) are cut off first, so that the history's
     * size counts records only.
     */
    private void retire(Path p, long start, long end) throws IOException {
        long size = start < 0 ? 0 : Files.size(p); // no stat when the segment is deleted anyway
        if (start < 0 || size <= WalFormat.HEADER_BYTES || (end >= 0 && end <= WalFormat.HEADER_BYTES)) {
            files.deleteIfExists(p); // retention off, or a segment without records: nothing to keep
            return;
        }
        if (end >= 0 && size > end) {
            try (StorageFile segment = files.openForAppend(p)) {
                segment.truncate(end);
            }
            size = end;
        }
        createRetainedDirectory();
        java.util.TreeMap<Long, Long> known = index();
        files.moveAtomically(p, retained.resolve(name(start)));
        Long replaced = known.put(start, size); // a segment a crash put back is moved again, same name
        indexedBytes += size - (replaced == null ? 0 : replaced);
    }

    /**
     * Creates {@code changes/} durably the first time: a move into a directory whose own entry a crash could lose
     * would lose the segment with it.
     */
    private void createRetainedDirectory() throws IOException {
        if (!retainedDirectoryExists && !files.exists(retained)) {
            files.createDirectories(retained);
            files.syncDirectory(directory);
        }
        retainedDirectoryExists = true;
    }

    /**
     * Deletes the oldest retained segments while they are past the retention or over the size cap, each deletion
     * made durable before the next: a file system that keeps name operations out of order could otherwise keep an
     * older segment and lose a newer one across a power cut, leaving a hole in the history that a reader from its
     * oldest revision can never cross (PowerCutTest found subscribers stalled so). Usually one segment goes per
     * checkpoint, and this runs on the maintenance thread after it.
     */
    private void prune() throws IOException {
        java.util.TreeMap<Long, Long> known = index();
        // Wall-clock time, not the database's injectable clock: file times are wall-clock times.
        long oldestAllowed = System.currentTimeMillis() - retention.toMillis();
        boolean deleted = false;
        while (!known.isEmpty()) {
            java.util.Map.Entry<Long, Long> oldest = known.firstEntry();
            Path p = retained.resolve(name(oldest.getKey()));
            // A segment's last write is its newest event: once that is past the retention, all of it is. Oldest
            // first, so what remains is a suffix of the history; a file gone from under the index reads as expired.
            if (indexedBytes <= maxBytes && lastModifiedOrZero(p) >= oldestAllowed) {
                break;
            }
            if (deleted) {
                files.syncDirectory(retained);
            }
            files.deleteIfExists(p);
            known.pollFirstEntry();
            indexedBytes -= oldest.getValue();
            deleted = true;
        }
        if (deleted) {
            files.syncDirectory(retained);
        }
    }

    /** Under {@link #lock}: the index of retained segments, read from the directory the first time. */
    private java.util.TreeMap<Long, Long> index() throws IOException {
        if (index == null) {
            java.util.TreeMap<Long, Long> loaded = new java.util.TreeMap<>();
            long total = 0;
            for (Segment s : list(retained)) {
                long size = sizeOrZero(s.path());
                loaded.put(s.startRevision(), size);
                total += size;
            }
            index = loaded;
            indexedBytes = total;
        }
        return index;
    }

    /**
     * Every segment that still holds history, oldest first (by start revision): retained ones, the rotated ones
     * recovery still needs, then the active {@code wal.log}. A segment that a checkpoint moves while this runs is
     * seen in one place only.
     */
    public List<Segment> all() throws IOException {
        synchronized (lock) {
            // A rotation does not take this lock, and one between listing the rotated segments and reading the
            // active one would hide the segment it rotated (a subscriber would take its history for compacted).
            // So the active segment's start is read before and after the listing, until they agree: a segment
            // with records always changes the start when it rotates. A rotation after that is seen as a read of
            // the new active segment that finds nothing yet, and the reader lists again.
            WalSegments segments = new WalSegments(files, directory, baseName);
            List<Segment> rotated;
            long activeStart;
            long before = startRevisionOrMinus1(segments.active());
            while (true) {
                rotated = new ArrayList<>();
                for (Path p : segments.rotated()) {
                    long start = startRevisionOrMinus1(p);
                    if (start >= 0) {
                        rotated.add(new Segment(p, start));
                    }
                }
                activeStart = startRevisionOrMinus1(segments.active());
                if (activeStart == before) {
                    break;
                }
                before = activeStart;
            }
            List<Segment> result = new ArrayList<>(list(retained));
            result.addAll(rotated);
            if (activeStart >= 0) {
                result.add(new Segment(segments.active(), activeStart));
            }
            // Retiring moves segments oldest first with no fsync between, and a power cut on a file system that keeps
            // name operations out of order can undo an older move and keep a newer one: the older segment is then
            // still a rotated one, after the newer in the listing. Readers pick the segment holding a revision by
            // start, so the list must be in start order (PowerCutTest found a reader reading one segment forever).
            result.sort(Comparator.comparingLong(Segment::startRevision));
            return result;
        }
    }

    /** Bytes of retained history (for stats). */
    public long bytes() throws IOException {
        long total = 0;
        for (Segment s : list(retained)) {
            total += sizeOrZero(s.path());
        }
        return total;
    }

    private List<Segment> list(Path dir) throws IOException {
        return listIn(files, dir);
    }

    /**
     * The retained segments in {@code dir} (a database's {@code changes/}), oldest first; other files, and names
     * whose digits are not a revision, are not segments.
     */
    public static List<Segment> listIn(FileLayer files, Path dir) throws IOException {
        if (!files.exists(dir)) {
            return List.of();
        }
        List<Segment> result = new ArrayList<>();
        for (Path p : files.list(dir)) {
            String name = p.getFileName().toString();
            if (name.endsWith(SUFFIX) && name.length() > SUFFIX.length()) {
                String digits = name.substring(0, name.length() - SUFFIX.length());
                if (digits.chars().allMatch(Character::isDigit) && digits.length() <= 19) {
                    try {
                        result.add(new Segment(p, Long.parseLong(digits)));
                    } catch (NumberFormatException pastLongRange) {
                        // nineteen digits above Long.MAX_VALUE: no revision, so not a segment this database wrote
                    }
                }
            }
        }
        result.sort(Comparator.comparingLong(Segment::startRevision));
        return result;
    }

    /**
     * The file name of the retained segment starting at {@code startRevision} (never negative): its nineteen digits,
     * zero-padded so names sort as numbers. Not {@code String.format}, which took 0.1 ms a call here and is called
     * twice a checkpoint (the retire and the prune), a tenth of a small checkpoint's time.
     */
    static String name(long startRevision) {
        String digits = Long.toString(startRevision);
        return "0".repeat(Math.max(0, 19 - digits.length())) + digits + SUFFIX;
    }

    /** The start revision in a segment's header, or -1 when the file is gone or its header is not complete yet. */
    private long startRevisionOrMinus1(Path p) throws IOException {
        byte[] header;
        try {
            header = files.readPrefix(p, WalFormat.HEADER_BYTES);
        } catch (NoSuchFileException e) {
            return -1;
        }
        if (header.length < WalFormat.HEADER_BYTES) {
            return -1;
        }
        try {
            return WalFormat.startRevision(header);
        } catch (IllegalArgumentException e) {
            throw new CorruptionException(p, 0, e.getMessage());
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long lastModifiedOrZero(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
