package dev.mikrodb;

import java.nio.file.Path;

/** A database file failed its checksum or structure checks. MikroDB refuses to read it rather than return garbage. */
public class CorruptionException extends StorageException {
    private final Path file;
    private final long offset;

    public CorruptionException(Path file, long offset, String problem) {
        super("corrupt database file " + file + " at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
