package dev.mikrodb.internal.storage;

import dev.mikrodb.internal.crypto.AesGcm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The WAL's segment files: the active {@code wal.log}, rotated {@code wal.log.N} (replayed oldest first), and the
 * {@code wal.log.tmp} a new segment is prepared in, so that a full disk fails the preparation and not the rename.
 */
final class WalSegments {
    /** A segment file with its header written, not yet (or just made) the active one. */
    record Segment(StorageFile file, byte[] noncePrefix, int headerBytes) {
    }

    private final FileLayer files;
    private final Path directory;
    private final String baseName;
    /**
     * The highest rotated segment number in the directory, listed at the first rotation and then kept (only this
     * database, holding the directory lock, makes rotated segments), so that a rotation under the commit lock does
     * not list the directory; -1 until listed.
     */
    private long highestNumber = -1;
    /**
     * Segments this object rotated and no checkpoint has retired yet, oldest first (a previous run's are found by
     * listing); guarded by this object's monitor, as rotations and retirements run on different threads.
     */
    private final List<RotatedSegment> unretired = new ArrayList<>();
    /** The start revision of the prepared segment, and of the active one (-1: a previous run's, not read). */
    private long preparedStart = -1;
    private long activeStart = -1;
    /**
     * Whether {@link #prepareNext} made the file the next rotation takes, and whether the log closed (no file is made
     * after); guarded by {@link #nextLock}, which the making holds, so a rotation never finds it half made.
     */
    private boolean nextMade;
    private boolean closed;
    private final Object nextLock = new Object();

    WalSegments(FileLayer files, Path directory, String baseName) {
        this.files = files;
        this.directory = directory;
        this.baseName = baseName;
    }

    Path active() {
        return directory.resolve(baseName);
    }

    private Path temp() {
        return directory.resolve(baseName + ".tmp");
    }

    /** The empty file made ahead for the next segment; {@code .tmp}, so an open deletes one a crash left. */
    private Path next() {
        return directory.resolve(baseName + ".next.tmp");
    }

    Path numbered(int number) {
        return directory.resolve(baseName + "." + number);
    }

    /** Rotated segments in the directory, oldest first. */
    List<Path> rotated() throws IOException {
        return rotatedAmong(files.list(directory), baseName);
    }

    /** The rotated segments ({@code <baseName>.N}) among a directory's entries, oldest first. */
    static List<Path> rotatedAmong(List<Path> entries, String baseName) {
        List<Path> result = new ArrayList<>();
        String prefix = baseName + ".";
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(prefix) && name.length() > prefix.length()
                    && name.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                result.add(p);
            }
        }
        result.sort(Comparator.comparingLong(p -> numberOf(p, baseName)));
        return result;
    }

    /** The N of a rotated segment {@code <baseName>.N}. */
    static long numberOf(Path p, String baseName) {
        return Long.parseLong(p.getFileName().toString().substring(baseName.length() + 1));
    }

    /**
     * Makes the next segment's file now, empty, off the rotation's path: creating a file waits for the file system's
     * journal (0.34 ms median on this project's test machine, over 1 ms at times), and a rotation runs under the
     * database's commit lock, inside a checkpoint. The rotation renames it to the temp path and writes the header
     * there, so the disk sees what it saw before, a file made earlier. Nothing once the log is closed.
     */
    void prepareNext() throws IOException {
        synchronized (nextLock) {
            if (!nextMade && !closed) {
                files.create(next()).close();
                nextMade = true;
            }
        }
    }

    /** Deletes the file made ahead, if no rotation took it, and makes no more: the log is closing. */
    void close() {
        synchronized (nextLock) {
            closed = true;
            if (nextMade) {
                nextMade = false;
                try {
                    files.deleteIfExists(next());
                } catch (IOException ignored) {
                    // a leftover temp file is deleted at the next open
                }
            }
        }
    }

    /** The file made ahead, renamed to the temp path and opened; null when there is none (or it could not be). */
    private StorageFile takeNext() {
        synchronized (nextLock) {
            if (!nextMade) {
                return null;
            }
            nextMade = false;
            try {
                files.moveAtomically(next(), temp());
                return files.openForOverwrite(temp());
            } catch (IOException e) {
                return null; // the caller makes the temp file itself, as it did before
            }
        }
    }

    /** Prepares a new segment in the temp file: header written, not forced. */
    Segment create(boolean encrypted, long startRevision) throws IOException {
        byte[] prefix = AesGcm.randomBytes(WalFormat.NONCE_PREFIX_BYTES);
        StorageFile made = takeNext();
        StorageFile f = made != null ? made : files.create(temp());
        try {
            byte[] header = WalFormat.header(encrypted, prefix, startRevision);
            f.write(ByteBuffer.wrap(header));
            preparedStart = startRevision;
            return new Segment(f, prefix, header.length);
        } catch (IOException e) {
            f.close();
            files.deleteIfExists(temp());
            throw e;
        }
    }

    /**
     * The active segment, opened for appending, when it holds a plain header starting at {@code startRevision} and
     * no record; else null. Reusing it spares opening a fresh segment (an fsync and two renames) when a database is
     * reopened after a clean close. Never for an encrypted log: its nonce prefix may have served records that
     * recovery cut off, and a nonce must not be used twice.
     */
    Segment emptyActive(long startRevision) throws IOException {
        if (!files.exists(active())) {
            return null;
        }
        byte[] header = files.readPrefix(active(), WalFormat.HEADER_BYTES + 1);
        try {
            if (header.length != WalFormat.HEADER_BYTES || (header[7] & WalFormat.FLAG_ENCRYPTED) != 0
                    || WalFormat.startRevision(header) != startRevision) {
                return null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        StorageFile f = files.openForAppend(active());
        if (f.size() != WalFormat.HEADER_BYTES) {
            f.close();
            return null;
        }
        activeStart = startRevision;
        return new Segment(f, new byte[WalFormat.NONCE_PREFIX_BYTES], WalFormat.HEADER_BYTES);
    }

    /**
     * Renames the active segment to the next number after every existing one (and {@code atLeast}); returns it.
     * {@code end}: where its records end (zeros written ahead may follow), -1 if unknown.
     */
    int retireActive(int atLeast, long end) throws IOException {
        if (highestNumber < 0) {
            List<Path> existing = rotated();
            highestNumber = existing.isEmpty() ? 0 : numberOf(existing.get(existing.size() - 1), baseName);
        }
        int number = (int) Math.max(atLeast, highestNumber) + 1;
        files.moveAtomically(active(), numbered(number));
        highestNumber = number;
        if (activeStart >= 0) {
            synchronized (this) {
                unretired.add(new RotatedSegment(number, numbered(number), activeStart, end));
            }
        }
        activeStart = -1;
        return number;
    }

    /** The segments rotated here, numbered up to {@code number}, that are not retired yet. */
    synchronized List<RotatedSegment> unretiredThrough(int number) {
        List<RotatedSegment> result = new ArrayList<>();
        for (RotatedSegment s : unretired) {
            if (s.number() <= number) {
                result.add(s);
            }
        }
        return result;
    }

    /** A checkpoint retired the segments up to {@code number}. */
    synchronized void retiredThrough(int number) {
        unretired.removeIf(s -> s.number() <= number);
    }

    /** The prepared segment becomes the active one. */
    void activate() throws IOException {
        files.moveAtomically(temp(), active());
        activeStart = preparedStart;
    }

    /** Undoes {@link #retireActive}: segment {@code number} becomes the active one again. */
    void reactivate(int number) throws IOException {
        files.moveAtomically(numbered(number), active());
        synchronized (this) {
            RotatedSegment last = unretired.isEmpty() ? null : unretired.get(unretired.size() - 1);
            if (last != null && last.number() == number) { // the one retireActive just added, if it was noted
                activeStart = last.startRevision();
                unretired.remove(unretired.size() - 1);
            }
        }
    }

    /** Abandons a prepared segment. */
    void discard(Segment s) {
        try {
            s.file().close();
            files.deleteIfExists(temp());
        } catch (IOException ignored) {
            // a leftover temp segment is deleted at the next open
        }
    }
}
