package dev.mikrodb.internal.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file-system call the engine makes goes through here. The default is {@link DiskFileLayer}; tests substitute
 * a layer that fails the Nth write or fsync (in the style of H2's {@code FilePathUnstable}).
 */
public interface FileLayer {
    /** Opens for writing, creating the file if needed; the position starts at the end. */
    StorageFile openForAppend(Path file) throws IOException;

    /** Creates or truncates the file and opens it for writing. */
    StorageFile create(Path file) throws IOException;

    byte[] readAll(Path file) throws IOException;

    /** Up to {@code length} bytes from the start of the file (fewer when it is shorter). */
    default byte[] readPrefix(Path file, int length) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    /** Opens for positional reads (point reads of table files). */
    default java.nio.channels.FileChannel openForReading(Path file) throws IOException {
        return java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
    }

    /** Atomic rename, replacing {@code target}. */
    void moveAtomically(Path source, Path target) throws IOException;

    void deleteIfExists(Path file) throws IOException;

    /** fsync of the directory, so that renames, creations and deletions in it are durable. */
    void syncDirectory(Path directory) throws IOException;

    boolean exists(Path file);

    List<Path> list(Path directory) throws IOException;

    void createDirectories(Path directory) throws IOException;
}
