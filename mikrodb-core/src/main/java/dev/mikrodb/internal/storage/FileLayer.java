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

    /** Opens an existing file for writing over its bytes from the start (the caller truncates what is left). */
    default StorageFile openForOverwrite(Path file) throws IOException {
        StorageFile f = openForAppend(file);
        f.position(0);
        return f;
    }

    /**
     * The file's length when this name is its only link, else -1 (also when the file system cannot tell): whether
     * its blocks may be written over without changing what another name (a backup's hard link) reads.
     */
    default long lengthIfOnlyLink(Path file) throws IOException {
        return -1;
    }

    /** A second name ({@code link}) for {@code existing}: a hard link. */
    default void link(Path existing, Path link) throws IOException {
        java.nio.file.Files.createLink(link, existing);
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
