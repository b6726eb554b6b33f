package dev.mikrodb.internal.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** An open file, reduced to the calls MikroDB makes, so that a test layer can fail any one of them. */
public interface StorageFile extends Closeable {
    /** Writes all remaining bytes of {@code buffer} at the current position. */
    void write(ByteBuffer buffer) throws IOException;

    /** Writes all remaining bytes of {@code buffer} at {@code position}, leaving the current position as it was. */
    void writeAt(ByteBuffer buffer, long position) throws IOException;

    /** fsync: data (and size) reach stable storage. */
    void force() throws IOException;

    void truncate(long size) throws IOException;

    long size() throws IOException;

    long position() throws IOException;

    void position(long position) throws IOException;
}
