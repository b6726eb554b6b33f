package dev.mikrodb;

import java.nio.file.Path;

/** A database file failed its checksum or structure checks. MikroDB refuses to read it rather than return garbage. */
public final class CorruptionException extends StorageException {
    private final Path file;
    private final long offset;

    public CorruptionException(Path file, long offset, String problem) {
        super("corrupt database file " + file + " at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** Damage found in data already in memory, with no file position to name. */
    public CorruptionException(String problem) {
        super("corrupt data: " + problem);
        this.file = null;
        this.offset = -1;
    }

    /** Damage found in data already in memory, and what the reader reported about it. */
    public CorruptionException(String problem, Throwable cause) {
        super("corrupt data: " + problem, cause);
        this.file = null;
        this.offset = -1;
    }

    /** The damaged file, or null when the damage was found in memory. */
    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
