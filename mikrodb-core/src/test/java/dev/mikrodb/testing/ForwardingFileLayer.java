package dev.mikrodb.testing;

import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StorageFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Passes every call to another layer; a test layer overrides the calls it watches or fails. {@code openForOverwrite}
 * is not forwarded: FileLayer's default opens through {@link #openForAppend}, so a subclass that wraps the files it
 * opens wraps those too.
 */
public class ForwardingFileLayer implements FileLayer {
    private final FileLayer delegate;

    public ForwardingFileLayer(FileLayer delegate) {
        this.delegate = delegate;
    }

    @Override
    public StorageFile openForAppend(Path file) throws IOException {
        return delegate.openForAppend(file);
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        return delegate.create(file);
    }

    @Override
    public byte[] readAll(Path file) throws IOException {
        return delegate.readAll(file);
    }

    @Override
    public byte[] readPrefix(Path file, int length) throws IOException {
        return delegate.readPrefix(file, length);
    }

    @Override
    public FileChannel openForReading(Path file) throws IOException {
        return delegate.openForReading(file);
    }

    @Override
    public long lengthIfOnlyLink(Path file) throws IOException {
        return delegate.lengthIfOnlyLink(file);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        delegate.link(existing, link);
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        delegate.moveAtomically(source, target);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        delegate.deleteIfExists(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        delegate.syncDirectory(directory);
    }

    @Override
    public boolean exists(Path file) {
        return delegate.exists(file);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return delegate.list(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        delegate.createDirectories(directory);
    }
}
