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
     * Sizes of the retained segments seen so far (never rewritten once moved here), so that pruning after every
     * checkpoint stats only the new ones; guarded by {@link #lock}.
     */
    private final java.util.Map<Path, Long> sizes = new java.util.HashMap<>();

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
     */
    public void retireThrough(int number) throws IOException {
        WalSegments segments = new WalSegments(files, directory, baseName);
        synchronized (lock) {
            boolean moved = false;
            for (Path p : segments.rotated()) {
                if (WalSegments.numberOf(p, baseName) > number) {
                    continue;
                }
                long start = enabled() ? startRevisionOrMinus1(p) : -1;
                if (start < 0 || Files.size(p) <= WalFormat.HEADER_BYTES) {
                    files.deleteIfExists(p); // retention off, or a segment without records: nothing to keep
                    continue;
                }
                if (!moved) {
                    files.createDirectories(retained);
                    moved = true;
                }
                files.moveAtomically(p, retained.resolve(name(start)));
            }
            if (moved) {
                files.syncDirectory(retained);
            }
            files.syncDirectory(directory);
            prune();
        }
    }

    /** Deletes the oldest retained segments while they are past the retention or over the size cap. */
    private void prune() throws IOException {
        List<Segment> kept = list(retained);
        java.util.Set<Path> present = new java.util.HashSet<>();
        long total = 0;
        for (Segment s : kept) {
            present.add(s.path());
            total += sizes.computeIfAbsent(s.path(), RetainedSegments::sizeOrZero);
        }
        sizes.keySet().retainAll(present);
        // Wall-clock time, not the database's injectable clock: file times are wall-clock times.
        long oldestAllowed = System.currentTimeMillis() - retention.toMillis();
        boolean deleted = false;
        for (Segment s : kept) {
            // A segment's last write is its newest event: once that is past the retention, all of it is.
            boolean expired = lastModifiedOrZero(s.path()) < oldestAllowed;
            if (!expired && total <= maxBytes) {
                break; // oldest first: what remains is a suffix of the history
            }
            total -= sizes.getOrDefault(s.path(), 0L);
            files.deleteIfExists(s.path());
            sizes.remove(s.path());
            deleted = true;
        }
        if (deleted) {
            files.syncDirectory(retained);
        }
    }

    /**
     * Every segment that still holds history, oldest first: retained ones, the rotated ones recovery still needs,
     * then the active {@code wal.log}. A segment that a checkpoint moves while this runs is seen in one place only.
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
        if (!files.exists(dir)) {
            return List.of();
        }
        List<Segment> result = new ArrayList<>();
        for (Path p : files.list(dir)) {
            String name = p.getFileName().toString();
            if (name.endsWith(SUFFIX) && name.length() > SUFFIX.length()) {
                String digits = name.substring(0, name.length() - SUFFIX.length());
                if (digits.chars().allMatch(Character::isDigit) && digits.length() <= 19) {
                    result.add(new Segment(p, Long.parseLong(digits)));
                }
            }
        }
        result.sort(Comparator.comparingLong(Segment::startRevision));
        return result;
    }

    private static String name(long startRevision) {
        return String.format("%019d%s", startRevision, SUFFIX);
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
